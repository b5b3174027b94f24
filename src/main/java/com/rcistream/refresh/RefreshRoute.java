package com.rcistream.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;

import com.rcistream.api.ApiBudget;
import com.rcistream.config.RciConfig;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;

/**
 * Single-customer refresh: ids that arrive on the request topic are fetched again and published like a sweep's,
 * whether or not they changed (it was asked for), and their fingerprint is kept for the next sweep.
 */
@ApplicationScoped
public class RefreshRoute extends RouteBuilder {

    private final RciConfig config;
    private final ApiBudget budget;
    private final RecentRefreshRepository recent;

    public RefreshRoute(RciConfig config, ApiBudget budget, RecentRefreshRepository recent) {
        this.config = config;
        this.budget = budget;
        this.recent = recent;
    }

    @Override
    public void configure() {
        // A refresh request: GET /customers/{id} through the shared throttle, then the same fan-out as a sweep.
        // Each request waits for the throttle, so a poll takes few records (rci.refresh.max-poll-records) and may take
        // long (rci.refresh.max-poll-interval, checked at start to fit them): a consumer evicted in the middle of a
        // batch would fetch it again, round after round. Offsets are committed (by Camel's sync commit manager) once
        // a poll's records are handled, never ahead of them by auto commit.
        KafkaEndpoint requests = getContext()
                .getEndpoint(
                        "kafka:{{rci.topic.refresh-requests}}?groupId={{rci.refresh.group-id}}"
                                + "&autoOffsetReset=earliest&maxPollRecords={{rci.refresh.max-poll-records}}"
                                + "&maxPollIntervalMs="
                                + config.refresh().maxPollInterval().toMillis()
                                + "&autoCommitEnable=false&allowManualCommit=true",
                        KafkaEndpoint.class);
        // with it, Camel's sync commit manager commits what was handled; without one, nothing would ever be committed
        requests.setKafkaManualCommitFactory(new DefaultKafkaManualCommitFactory());
        from(requests)
                .routeId("refresh-customer")
                .autoStartup(config.refresh().enabled())
                .routeConfigurationId(RouteConfigurations.API_AND_PUBLISHING)
                .setProperty(ExchangeProperties.STAGE, constant(Stage.REFRESH_CUSTOMER))
                .bean("topicSetup", "ensure")
                .bean("refreshRequestReader", "toRequest")
                // the same id asked for again within rci.refresh.dedup-window is fetched once
                .idempotentConsumer(exchangeProperty(ExchangeProperties.CUSTOMER_ID), recent)
                // while a sweep runs, refreshes take at most rci.refresh.budget-share of the budget
                .throttle(method("apiBudget", "refreshPermits"))
                .totalRequestsMode()
                .timePeriodMillis(budget.refreshPeriodMillis())
                .to(Endpoints.GET_CUSTOMER)
                .bean("customerEvents", "toEvent")
                // a refresh always publishes; its fingerprint is kept so that the next sweep knows it
                .bean("fingerprintStore", "note")
                .to(Endpoints.FAN_OUT)
                .to(Endpoints.REMEMBER_FINGERPRINT)
                .end();
    }
}

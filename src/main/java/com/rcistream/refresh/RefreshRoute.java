package com.rcistream.refresh;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteBuilder;

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

    public RefreshRoute(RciConfig config) {
        this.config = config;
    }

    @Override
    public void configure() {
        // A refresh request: GET /customers/{id} through the shared throttle, then the same fan-out as a sweep.
        from("kafka:{{rci.topic.refresh-requests}}?groupId={{rci.refresh.group-id}}&autoOffsetReset=earliest")
                .routeId("refresh-customer")
                .autoStartup(config.refresh().enabled())
                .routeConfigurationId(RouteConfigurations.PUBLISHING)
                .setProperty(ExchangeProperties.STAGE, constant(Stage.REFRESH_CUSTOMER))
                .bean("topicSetup", "ensure")
                .bean("refreshRequests", "toRequest")
                .to(Endpoints.GET_CUSTOMER)
                .bean("customerEvents", "toEvent")
                // a refresh always publishes; its fingerprint is kept so that the next sweep knows it
                .bean("fingerprints", "note")
                .to(Endpoints.FAN_OUT)
                .to(Endpoints.REMEMBER_FINGERPRINT);
    }
}

package com.rcistream.refresh;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

import com.rcistream.api.ApiCallRoute;
import com.rcistream.api.BadRecordException;
import com.rcistream.api.Customer;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.ErrorPolicy;
import com.rcistream.events.CustomerEventWriter;
import com.rcistream.events.EventContract;
import com.rcistream.sweep.SweepProperties;
import com.rcistream.state.FingerprintRoute;
import com.rcistream.state.Fingerprints;
import com.rcistream.sweep.SweepRoute;
import com.rcistream.topics.TopicSetup;

/**
 * Single-customer refresh: ids that arrive on the request topic are fetched again and published like a sweep's,
 * whether or not they changed (it was asked for), and their fingerprint is kept for the next sweep.
 */
@ApplicationScoped
public class RefreshRoute extends RouteBuilder {

    /** The id being refreshed, for the dead-letter envelope (a 404 names it). */
    public static final String CUSTOMER_ID = "rciCustomerId";

    private final RciConfig config;
    private final CustomerEventWriter events;
    private final Fingerprints fingerprints;

    private final TopicSetup topics;

    public RefreshRoute(RciConfig config, CustomerEventWriter events, Fingerprints fingerprints, TopicSetup topics) {
        this.config = config;
        this.topics = topics;
        this.events = events;
        this.fingerprints = fingerprints;
    }

    @Override
    public void configure() {
        // A refresh request: GET /customers/{id} through the shared throttle, then the same fan-out as a sweep.
        from("kafka:{{rci.topic.refresh-requests}}?groupId={{rci.refresh.group-id}}&autoOffsetReset=earliest")
                .routeId("refresh-customer")
                .autoStartup(config.refresh().enabled())
                .routeConfigurationId(ErrorPolicy.ID + "," + EventContract.ID)
                .setProperty(SweepProperties.STAGE, constant("refresh-customer"))
                .process(exchange -> topics.ensure())
                .process(this::toRequest)
                .to(ApiCallRoute.GET_CUSTOMER)
                .process(this::toEvent)
                .process(fingerprints::changed)
                .to(SweepRoute.FAN_OUT)
                .to(FingerprintRoute.REMEMBER);
    }

    /** The id is the record's value (plain text), else its key; anything that is not a plain id is refused. */
    private void toRequest(Exchange exchange) {
        String value = exchange.getMessage().getBody(String.class);
        String key = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        String id = value != null && !value.isBlank() ? value.trim() : key == null ? null : key.trim();
        if (id == null || id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new BadRecordException("refresh request is not a customer id (letters, digits, - and _ only)", null,
                    String.valueOf(value));
        }
        exchange.setProperty(CUSTOMER_ID, id);
        String base = config.api().baseUrl();
        exchange.setProperty(SweepProperties.REQUEST_URL, (base.endsWith("/") ? base : base + "/") + "customers/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
    }

    private void toEvent(Exchange exchange) {
        Customer customer = exchange.getMessage().getBody(Customer.class);
        events.write(exchange, customer, "refresh-" + UUID.randomUUID());
    }
}

package com.rcistream.state;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

import com.rcistream.api.ApiCallRoute;
import com.rcistream.errors.ErrorPolicy;

/** Records that a customer was published, after the fan-out's records were acknowledged. */
@ApplicationScoped
public class FingerprintRoute extends RouteBuilder {

    public static final String REMEMBER = "direct:remember-fingerprint";

    private final Fingerprints fingerprints;

    public FingerprintRoute(Fingerprints fingerprints) {
        this.fingerprints = fingerprints;
    }

    @Override
    public void configure() {
        // The customer's fingerprint to the compacted fingerprint topic, then into memory: only what Kafka has counts.
        from(REMEMBER).routeId("remember-fingerprint")
                .routeConfigurationId(ErrorPolicy.ID)
                .process(this::toFingerprintRecord)
                .to("kafka:{{rci.topic.fingerprints}}")
                .process(fingerprints::remembered);
    }

    private void toFingerprintRecord(Exchange exchange) {
        var msg = exchange.getMessage();
        String id = msg.getHeader(KafkaConstants.KEY, String.class);
        msg.removeHeaders("*", ApiCallRoute.REDELIVERY_HEADERS);
        msg.setHeader(KafkaConstants.KEY, id);
        msg.setBody(Fingerprints.hex(exchange.getProperty(Fingerprints.FINGERPRINT, Long.class)));
    }
}

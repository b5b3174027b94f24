package com.rcistream.state;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteBuilder;

import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.RouteConfigurations;

/** Records that a customer was published, after the fan-out's records were acknowledged. */
@ApplicationScoped
public class FingerprintRoute extends RouteBuilder {

    private final FingerprintStore fingerprints;

    public FingerprintRoute(FingerprintStore fingerprints) {
        this.fingerprints = fingerprints;
    }

    @Override
    public void configure() {
        // The customer's fingerprint to the compacted fingerprint topic, then into memory: only what Kafka has counts,
        // and only a customer every route took (one a rule failed for is tried again next sweep).
        from(Endpoints.REMEMBER_FINGERPRINT)
                .routeId("remember-fingerprint")
                .routeConfigurationId(RouteConfigurations.ERROR_POLICY)
                .process(fingerprints::toRecord)
                .filter(exchangeProperty(ExchangeProperties.GOES_ON))
                .choice()
                // a sweep's customer: sent after the rest of its page, remembered once all of it is in Kafka
                .when(exchangeProperty(ExchangeProperties.PAGE_RECORDS).isNotNull())
                .process(fingerprints::withPage)
                .otherwise()
                .to(FingerprintStore.ENDPOINT)
                .bean("fingerprintStore", "remembered")
                .end()
                .end();
    }
}

package com.rcistream.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/** Decides when the test rule in src/test/resources/routes/rule-flaky.yaml throws: for one customer, until told to stop. */
@ApplicationScoped
@Named("flakyRule")
public class FlakyRule {

    private volatile String failFor;

    /** The rule throws for this customer id from now on; null: for nobody. */
    public void failFor(String customerId) {
        this.failFor = customerId;
    }

    public boolean failsFor(Exchange exchange) {
        return failFor != null && failFor.equals(exchange.getMessage().getHeader(KafkaConstants.KEY, String.class));
    }
}

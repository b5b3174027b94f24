package com.rcistream.exchange;

import org.apache.camel.Exchange;

/**
 * What became of one customer across every route it was handed to: the fan-out copies the exchange for each topic
 * and rule, and the copies share this object, so a rule that failed on its copy, or a record of it that Kafka
 * refused, is known when the customer's fingerprint is about to be remembered (it is not, so the next sweep tries the
 * customer again).
 */
public final class CustomerOutcome {

    private volatile String failedRule;
    private volatile String refusedTopic;

    /** A fresh outcome for the customer the exchange now carries. */
    public static CustomerOutcome begin(Exchange exchange) {
        CustomerOutcome outcome = new CustomerOutcome();
        exchange.setProperty(ExchangeProperties.OUTCOME, outcome);
        return outcome;
    }

    /** The outcome of the exchange's customer, or null when it carries none. */
    public static CustomerOutcome of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.OUTCOME, CustomerOutcome.class);
    }

    /** A custom rule (by its route id) failed for this customer; the first one is kept. */
    public synchronized void ruleFailed(String ruleId) {
        if (failedRule == null) {
            failedRule = ruleId;
        }
    }

    /** The rule that failed for this customer, or null when every route took it. */
    public String failedRule() {
        return failedRule;
    }

    /** Kafka refused this customer's record for a topic for good (a refresh's record, sent at once). */
    public void recordRefused(String topic) {
        refusedTopic = topic;
    }

    /** Whether a rule failed for this customer or Kafka refused a record of it: its fingerprint is not remembered. */
    public boolean failed() {
        return failedRule != null || refusedTopic != null;
    }
}

package com.rcistream.errors;

/**
 * An integrator's rule failed for one customer: that customer is dead-lettered naming the rule, and the rest of the
 * sweep goes on. A record that could not be published everywhere, like a bad record, so it carries its id (the
 * dead letter's key) but no copy of the customer.
 */
public class RuleFailedException extends BadRecordException {

    private final String ruleId;

    public RuleFailedException(String ruleId, String customerId, Throwable cause) {
        super(
                "rule " + ruleId + " failed for customer " + customerId + ": "
                        + (cause == null
                                ? "unknown failure"
                                : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                customerId,
                null);
        this.ruleId = ruleId;
        initCause(cause);
    }

    /** The route id of the rule. */
    public String ruleId() {
        return ruleId;
    }
}

package com.rcistream.errors;

/**
 * Kafka refused one customer's record for good (too large for its topic, or invalid for it): that customer is
 * dead-lettered, keyed by its id and naming the topic, and the rest of the sweep goes on. Like a bad record it
 * carries the id but no copy of the customer: the dead letter holds no personal data.
 */
public class RecordRefusedException extends BadRecordException {

    private final String topic;

    public RecordRefusedException(String customerId, String topic, Throwable cause) {
        super(
                "Kafka refused the record of customer " + customerId + " for topic " + topic + " ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                        + "); it is published again by the next"
                        + " sweep",
                customerId,
                null);
        this.topic = topic;
        initCause(cause);
    }

    /** The topic that refused the record. */
    public String topic() {
        return topic;
    }
}

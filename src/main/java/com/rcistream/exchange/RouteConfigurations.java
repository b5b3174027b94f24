package com.rcistream.exchange;

/** The ids of the route configurations a route opts in to, Java and YAML routes alike. */
public final class RouteConfigurations {

    /** The one error policy: retries, then the dead-letter channel with a reason. */
    public static final String ERROR_POLICY = "error-policy";
    /** The per-record part of the event contract: a fresh {@code ce_id} for every Kafka record. */
    public static final String EVENT_CONTRACT = "event-contract";
    /** What every route that publishes customer events opts in to. */
    public static final String PUBLISHING = ERROR_POLICY + "," + EVENT_CONTRACT;

    private RouteConfigurations() {
    }
}

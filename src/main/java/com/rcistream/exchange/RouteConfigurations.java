package com.rcistream.exchange;

/** The ids of the route configurations a route opts in to, Java and YAML routes alike. */
public final class RouteConfigurations {

    /** The error policy of every route: the dead-letter channel with a reason, no retries. */
    public static final String ERROR_POLICY = "error-policy";
    /** The error policy of the routes that call the API: retries with backoff, then the dead-letter channel. */
    public static final String API_ERROR_POLICY = "api-error-policy";
    /** The per-record part of the event contract: a fresh {@code ce_id} for every Kafka record. */
    public static final String EVENT_CONTRACT = "event-contract";
    /** What every route that publishes customer events opts in to. */
    public static final String PUBLISHING = ERROR_POLICY + "," + EVENT_CONTRACT;
    /** What a route that calls the API and publishes what it read opts in to (a refresh request). */
    public static final String API_AND_PUBLISHING = API_ERROR_POLICY + "," + EVENT_CONTRACT;

    private RouteConfigurations() {}
}

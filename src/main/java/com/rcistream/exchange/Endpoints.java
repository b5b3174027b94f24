package com.rcistream.exchange;

/** The internal endpoints one room's routes call in another's: the walk between the rooms. */
public final class Endpoints {

    /** One sweep; its answer is the sweep's {@link SweepProgress}. */
    public static final String SWEEP = "direct:sweep";
    /** A list page fetched through the shared throttle and read as JSON:API. */
    public static final String GET_PAGE = "direct:get-page";
    /** A single customer fetched through the shared throttle and read as JSON:API. */
    public static final String GET_CUSTOMER = "direct:get-customer";
    /**
     * A page's customers, published while the walk fetches the next pages: as many consumers as pages may be in
     * flight (rci.publish.pages-in-flight); the walk never hands over more, so the queue stays that short. Never
     * waited for, even when whoever started the sweep waits for its answer.
     */
    public static final String PUBLISH_PAGE =
            "seda:publish-page?concurrentConsumers={{rci.publish.pages-in-flight}}&waitForTaskToComplete=Never";
    /** The fan-out of one customer event, defined in routes/fan-out.yaml. */
    public static final String FAN_OUT = "direct:fan-out";
    /** The customer's fingerprint to the fingerprint topic, once its records are acknowledged. */
    public static final String REMEMBER_FINGERPRINT = "direct:remember-fingerprint";
    /** The id prefix of an integrator's rule route, which consumes {@code direct:<its id>} and gets every customer. */
    public static final String RULE_PREFIX = "rule-";
    /** Everything that could not be processed, with a reason. */
    public static final String DEAD_LETTER = "direct:dead-letter";

    private Endpoints() {}
}

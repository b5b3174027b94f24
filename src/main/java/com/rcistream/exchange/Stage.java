package com.rcistream.exchange;

import org.apache.camel.Exchange;

/** Where in the pipeline an exchange is, named as the dead-letter envelope's {@code stage} says it. */
public enum Stage {
    FETCH_PAGE("fetch-page"),
    READ_PAGE("read-page"),
    MAP_CUSTOMER("map-customer"),
    FAN_OUT("fan-out"),
    /** An integrator's rule-* route, which failed for one customer. */
    RULE("rule"),
    FOLLOW_NEXT_LINK("follow-next-link"),
    /** The checkpoint past a published page, written to the state topic. */
    CHECKPOINT("checkpoint"),
    REFRESH_CUSTOMER("refresh-customer");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    /** The name in the dead-letter envelope and its {@code rci_stage} header. */
    public String id() {
        return id;
    }

    /** Marks the exchange as being at this stage. */
    public void enter(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.STAGE, this);
    }

    /** The stage the exchange is at, or null when it has none. */
    public static Stage of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.STAGE, Stage.class);
    }

    @Override
    public String toString() {
        return id;
    }
}

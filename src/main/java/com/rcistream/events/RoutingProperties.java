package com.rcistream.events;

/** Exchange properties the YAML fan-out routes on, so that rules read the customer without parsing JSON. */
public final class RoutingProperties {

    /** The customer event value as a map: {@code ${exchangeProperty.rciCustomer[grade]}} in a simple expression. */
    public static final String CUSTOMER = "rciCustomer";
    /** True when the customer is redacted (GDPR): only tombstones and a redaction event may leave. */
    public static final String REDACTED = "rciRedacted";
    /** The redaction event value, {@code {id, redacted_at}}, set only for a redacted customer. */
    public static final String REDACTION = "rciRedaction";

    private RoutingProperties() {
    }
}

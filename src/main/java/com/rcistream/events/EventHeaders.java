package com.rcistream.events;

/** Kafka header names of the event contract: the CloudEvents Kafka binding (binary mode) plus the bundle's own. */
public final class EventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /** The CloudEvents datacontenttype, under the binding's own name. */
    public static final String CONTENT_TYPE = "content-type";
    /** The sweep (or refresh) that produced the event. */
    public static final String SWEEP_ID = "rci_sweep_id";

    public static final String TYPE_UPSERTED = "com.littlestreamsoftware.rci.customer.upserted";
    public static final String TYPE_REDACTED = "com.littlestreamsoftware.rci.customer.redacted";

    private EventHeaders() {
    }
}

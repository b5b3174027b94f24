package com.rcistream.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
    /** The account (store) of rci.accounts.token-dir a record is of; absent with rci.api.token. */
    public static final String ACCOUNT = "rci_account";

    public static final String TYPE_UPSERTED = "com.littlestreamsoftware.rci.customer.upserted";
    public static final String TYPE_REDACTED = "com.littlestreamsoftware.rci.customer.redacted";
    public static final String TYPE_CHANGED = "com.littlestreamsoftware.rci.customer.changed";

    private EventHeaders() {}

    /**
     * A fresh ce_id: a random (version 4) UUID drawn from the thread's own generator. An id must be unique, not secret,
     * and UUID.randomUUID's one shared SecureRandom made every publishing thread queue for it, once per Kafka record.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}

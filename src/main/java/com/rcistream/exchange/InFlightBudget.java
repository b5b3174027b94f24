package com.rcistream.exchange;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers' bytes of the pages in flight of every sweep together, against one limit for the process: each
 * sweep's own window bounds its pages, and this keeps a thousand accounts' windows from adding up to more heap than
 * there is. The bytes counted are those of the pages in flight and a guess for each page a walk is fetching (the
 * sweep's last page). A walk whose sweep has nothing in flight waits too while it is spent; it never waits for
 * itself, since what it counts is freed before it waits, and the others' pages settle.
 */
public final class InFlightBudget {

    /** No limit across sweeps: each window alone bounds its pages. */
    public static final InFlightBudget UNLIMITED = new InFlightBudget(Long.MAX_VALUE);

    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();

    public InFlightBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether another page of any sweep may go in flight now. */
    public boolean hasRoom() {
        return bytes.get() < maxBytes;
    }

    void add(long delta) {
        bytes.addAndGet(delta);
    }

    /** The answers' bytes of every sweep's pages in flight, as weighed. */
    public long bytesInFlight() {
        return bytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }
}

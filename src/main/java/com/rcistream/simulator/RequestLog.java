package com.rcistream.simulator;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent requests answered, bounded so that a long demo cannot fill the heap. */
final class RequestLog {

    /** Enough for a sweep of a million customers at 100 a page, with retries. */
    static final int CAPACITY = 100_000;

    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (entries.size() == CAPACITY) {
            entries.pollFirst();
        }
        entries.addLast(request);
    }

    /** A snapshot, oldest first. */
    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}

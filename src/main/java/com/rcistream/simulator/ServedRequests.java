package com.rcistream.simulator;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulated API has answered: the requests served, the 429s by cause, and the log of recent requests. */
final class ServedRequests {

    private final RequestLog log = new RequestLog();
    private final AtomicLong requestsServed = new AtomicLong();
    private final AtomicLong tooManyRequestsSent = new AtomicLong();
    private final AtomicLong burst429Sent = new AtomicLong();

    /** Counts an answered request, whatever its status, and logs it. */
    void record(RecordedRequest request) {
        requestsServed.incrementAndGet();
        log.add(request);
    }

    /** Counts a 429 sent by the rate limiter. */
    void countLimiter429() {
        tooManyRequestsSent.incrementAndGet();
    }

    /** Counts a 429 sent by a fault-injection burst. */
    void countBurst429() {
        burst429Sent.incrementAndGet();
    }

    /** Back to nothing served: every counter zero, the log empty. */
    void clear() {
        requestsServed.set(0);
        tooManyRequestsSent.set(0);
        burst429Sent.set(0);
        log.clear();
    }

    long requestsServed() {
        return requestsServed.get();
    }

    long tooManyRequestsSent() {
        return tooManyRequestsSent.get();
    }

    long burst429Sent() {
        return burst429Sent.get();
    }

    /** The requests logged, oldest first. */
    List<RecordedRequest> snapshot() {
        return log.snapshot();
    }
}

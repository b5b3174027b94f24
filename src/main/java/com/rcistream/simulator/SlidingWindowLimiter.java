package com.rcistream.simulator;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/** Sliding-window log: a request passes when fewer than N requests passed in the window that ends now. */
final class SlidingWindowLimiter implements RateLimiter {

    private final int requests;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> passed = new ArrayDeque<>();

    SlidingWindowLimiter(int requests, long windowNanos, LongSupplier nanoClock) {
        this.requests = requests;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized LimitDecision tryAcquire() {
        long now = nanoClock.getAsLong();
        // a request at t counts for the window (t, t + window)
        while (!passed.isEmpty() && now - passed.peekFirst() >= windowNanos) {
            passed.pollFirst();
        }
        if (passed.size() < requests) {
            passed.addLast(now);
            return LimitDecision.ALLOWED;
        }
        return LimitDecision.refused(passed.peekFirst() + windowNanos - now);
    }
}

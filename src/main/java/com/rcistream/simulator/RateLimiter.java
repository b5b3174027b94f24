package com.rcistream.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Decides whether one more request of one token fits the budget of {@code requests} per {@code window}. */
interface RateLimiter {

    /** Charges one request when it fits; otherwise says how long until one would. */
    LimitDecision tryAcquire();

    /**
     * A limiter of the named algorithm: {@code sliding} (at most N in any window), {@code fixed} (at most N in each
     * window aligned to {@code originNanos}) or {@code leaky} (bucket of N draining N per window evenly).
     */
    static RateLimiter create(
            String algorithm, int requests, Duration window, LongSupplier nanoClock, long originNanos) {
        if (requests <= 0) {
            throw new IllegalArgumentException("rate limit requests must be positive, was " + requests);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate limit window must be positive, was " + window);
        }
        long windowNanos = window.toNanos();
        switch (algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT)) {
            case "sliding":
                return new SlidingWindowLimiter(requests, windowNanos, nanoClock);
            case "fixed":
                return new FixedWindowLimiter(requests, windowNanos, nanoClock, originNanos);
            case "leaky":
                return new LeakyBucketLimiter(requests, windowNanos, nanoClock);
            default:
                throw new IllegalArgumentException(
                        "rate limit algorithm must be sliding, fixed or leaky, was '" + algorithm + "'");
        }
    }
}

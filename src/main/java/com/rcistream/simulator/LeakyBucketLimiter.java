package com.rcistream.simulator;

import java.util.function.LongSupplier;

/**
 * Leaky bucket: holds N requests and drains N per window evenly (one every window / N). A burst of N passes on an
 * empty bucket; after that, one request per drain interval.
 */
final class LeakyBucketLimiter implements RateLimiter {

    private final long requests;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    /** Content of the bucket in units where one request weighs {@code windowNanos} and one nanosecond drains {@code requests}. */
    private long level;

    private long lastNanos;
    private boolean started;

    LeakyBucketLimiter(int requests, long windowNanos, LongSupplier nanoClock) {
        this.requests = requests;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        try {
            Math.multiplyExact(2L * requests, windowNanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "leaky bucket of " + requests + " per " + windowNanos + " ns is too large");
        }
    }

    @Override
    public synchronized LimitDecision tryAcquire() {
        long now = nanoClock.getAsLong();
        if (started) {
            long elapsed = now - lastNanos;
            // drained = elapsed * requests, without overflow when the bucket has been idle for long
            level = elapsed >= ceilDiv(level, requests) ? 0 : level - elapsed * requests;
        }
        started = true;
        lastNanos = now;
        long capacity = requests * windowNanos;
        if (level + windowNanos <= capacity) {
            level += windowNanos;
            return LimitDecision.ALLOWED;
        }
        return LimitDecision.refused(ceilDiv(level + windowNanos - capacity, requests));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

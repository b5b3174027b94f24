package com.rcistream.simulator;

import java.util.function.LongSupplier;

/** Fixed windows aligned to multiples of the window since an origin: at most N requests in each one. */
final class FixedWindowLimiter implements RateLimiter {

    private final int requests;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final long originNanos;
    private long currentWindow = Long.MIN_VALUE;
    private int passedInWindow;

    FixedWindowLimiter(int requests, long windowNanos, LongSupplier nanoClock, long originNanos) {
        this.requests = requests;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        this.originNanos = originNanos;
    }

    @Override
    public synchronized LimitDecision tryAcquire() {
        long now = nanoClock.getAsLong();
        long window = Math.floorDiv(now - originNanos, windowNanos);
        if (window != currentWindow) {
            currentWindow = window;
            passedInWindow = 0;
        }
        if (passedInWindow < requests) {
            passedInWindow++;
            return LimitDecision.ALLOWED;
        }
        return LimitDecision.refused(originNanos + (window + 1) * windowNanos - now);
    }
}

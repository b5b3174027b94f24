package com.rcistream.simulator;

import java.time.Duration;

/** A rate limiter's answer: the request passes, or it is refused and would pass after {@code retryAfter}. */
record LimitDecision(boolean allowed, Duration retryAfter) {

    static final LimitDecision ALLOWED = new LimitDecision(true, Duration.ZERO);

    static LimitDecision refused(long retryAfterNanos) {
        return new LimitDecision(false, Duration.ofNanos(Math.max(1, retryAfterNanos)));
    }

    /** Retry-After in whole seconds: rounded up, at least 1. */
    long retryAfterSeconds() {
        return RetryAfterHeader.seconds(retryAfter);
    }
}

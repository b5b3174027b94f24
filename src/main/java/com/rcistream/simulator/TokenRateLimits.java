package com.rcistream.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One rate limiter per bearer token, all of the same algorithm and budget: the API's budget is per token. */
final class TokenRateLimits {

    private final String algorithm;
    private final int requests;
    private final Duration window;
    private final LongSupplier nanoClock;
    private final long originNanos;
    private final Map<String, RateLimiter> byToken = new ConcurrentHashMap<>();

    /** Fails at once on an unknown algorithm or a budget that is not positive. */
    TokenRateLimits(String algorithm, int requests, Duration window, LongSupplier nanoClock, long originNanos) {
        RateLimiter.create(algorithm, requests, window, nanoClock, originNanos);
        this.algorithm = algorithm == null ? null : algorithm.toLowerCase(Locale.ROOT);
        this.requests = requests;
        this.window = window;
        this.nanoClock = nanoClock;
        this.originNanos = originNanos;
    }

    /** Charges one request to this token's budget when it fits. */
    LimitDecision tryAcquire(String token) {
        return byToken.computeIfAbsent(
                        token, t -> RateLimiter.create(algorithm, requests, window, nanoClock, originNanos))
                .tryAcquire();
    }

    String algorithm() {
        return algorithm;
    }

    int requests() {
        return requests;
    }

    Duration window() {
        return window;
    }
}

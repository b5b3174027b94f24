package com.rcistream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final ManualNanoClock clock = new ManualNanoClock();

    private RateLimiter limiter(String algorithm, int requests) {
        return RateLimiter.create(algorithm, requests, MINUTE, clock, clock.getAsLong());
    }

    private static int passing(RateLimiter limiter, int attempts) {
        int passed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire().allowed()) {
                passed++;
            }
        }
        return passed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sliding", "fixed", "leaky"})
    void aBurstPassesExactlyTheBudgetThenIsRefusedWithARetryAfter(String algorithm) {
        RateLimiter limiter = limiter(algorithm, 60);
        assertEquals(60, passing(limiter, 60));
        LimitDecision refused = limiter.tryAcquire();
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 60, refused.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sliding", "fixed", "leaky"})
    void oneRequestASecondAlwaysPasses(String algorithm) {
        RateLimiter limiter = limiter(algorithm, 60);
        for (int i = 0; i < 300; i++) {
            assertTrue(limiter.tryAcquire().allowed(), algorithm + " refused request " + i);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sliding", "fixed", "leaky"})
    void waitingTheRetryAfterIsEnough(String algorithm) {
        RateLimiter limiter = limiter(algorithm, 60);
        clock.advance(Duration.ofMillis(12_345));
        passing(limiter, 60);
        LimitDecision refused = limiter.tryAcquire();
        assertFalse(refused.allowed());
        clock.advance(refused.retryAfter().minusNanos(1));
        assertFalse(limiter.tryAcquire().allowed(), "one nanosecond early");
        clock.advance(Duration.ofNanos(1));
        assertTrue(limiter.tryAcquire().allowed());
    }

    @Test
    void slidingWindowCountsTheLastFullWindow() {
        RateLimiter limiter = limiter("sliding", 60);
        clock.advance(Duration.ofSeconds(50));
        assertEquals(60, passing(limiter, 60)); // at 0:50
        clock.advance(Duration.ofSeconds(20)); // 1:10, the same requests are still within the last minute
        LimitDecision refused = limiter.tryAcquire();
        assertFalse(refused.allowed());
        assertEquals(40, refused.retryAfterSeconds());
        clock.advance(Duration.ofSeconds(40));
        assertEquals(60, passing(limiter, 61));
    }

    @Test
    void fixedWindowLetsTwoBurstsAstrideItsEdge() {
        RateLimiter limiter = limiter("fixed", 60);
        clock.advance(Duration.ofSeconds(59));
        assertEquals(60, passing(limiter, 61));
        LimitDecision refused = limiter.tryAcquire();
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        clock.advance(Duration.ofSeconds(1)); // a new window: 120 requests within two seconds
        assertEquals(60, passing(limiter, 61));
        assertEquals(60, limiter.tryAcquire().retryAfterSeconds());
    }

    @Test
    void fixedWindowsAreAlignedToTheOriginNotToTheFirstRequest() {
        long origin = clock.getAsLong();
        clock.advance(Duration.ofSeconds(90));
        RateLimiter limiter = RateLimiter.create("fixed", 2, MINUTE, clock, origin);
        assertEquals(2, passing(limiter, 3));
        assertEquals(Duration.ofSeconds(30), limiter.tryAcquire().retryAfter());
    }

    @Test
    void leakyBucketRefillsOneRequestPerDrainInterval() {
        RateLimiter limiter = limiter("leaky", 60);
        assertEquals(60, passing(limiter, 60));
        LimitDecision refused = limiter.tryAcquire();
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, passing(limiter, 3));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(10, passing(limiter, 20));
        clock.advance(Duration.ofHours(5)); // idle: empty again, a full burst passes
        assertEquals(60, passing(limiter, 70));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndAtLeastOne() {
        assertEquals(1, LimitDecision.refused(1).retryAfterSeconds());
        assertEquals(1, LimitDecision.refused(1_000_000_000L).retryAfterSeconds());
        assertEquals(2, LimitDecision.refused(1_000_000_001L).retryAfterSeconds());
    }

    @Test
    void anUnknownAlgorithmOrAnEmptyBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> limiter("token-bucket", 60));
        assertThrows(IllegalArgumentException.class, () -> limiter("sliding", 0));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.create("sliding", 1, Duration.ZERO, clock, 0));
    }

    @Test
    void eachTokenHasItsOwnBudget() {
        TokenRateLimits limits = new TokenRateLimits("sliding", 2, MINUTE, clock, clock.getAsLong());
        assertTrue(limits.tryAcquire("a").allowed());
        assertTrue(limits.tryAcquire("a").allowed());
        assertFalse(limits.tryAcquire("a").allowed());
        assertTrue(limits.tryAcquire("b").allowed());
    }
}

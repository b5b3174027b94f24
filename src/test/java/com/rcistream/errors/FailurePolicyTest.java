package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import com.rcistream.config.RciConfig;
import com.rcistream.errors.FailurePolicy.Treatment;
import com.rcistream.testing.Proxies;

/** The failure policy's decisions, read as a table: what each failure gets, and how long a 429 is waited out. */
class FailurePolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final FailurePolicy policy =
            new FailurePolicy(config(4, 3, Duration.ofSeconds(1), Duration.ofSeconds(120)));

    @Test
    void eachFailureGetsItsTreatment() {
        assertEquals(
                Treatment.WAIT_AND_SEND_AGAIN,
                policy.ruleFor(new RateLimitedException("u", "", "1")).treatment());
        assertEquals(
                Treatment.RETRY_WITH_BACKOFF,
                policy.ruleFor(new ServerErrorException(503, "u", "", null)).treatment());
        assertEquals(
                Treatment.RETRY_WITH_BACKOFF,
                policy.ruleFor(new SocketTimeoutException("read")).treatment());
        assertEquals(
                Treatment.RETRY_WITH_BACKOFF,
                policy.ruleFor(new InvalidPageException("truncated", "{")).treatment());
        assertEquals(
                Treatment.HOLD_UNTIL_TOKEN_CHANGES,
                policy.ruleFor(new UnauthorizedException("u", "")).treatment());
        assertEquals(
                Treatment.HOLD_UNTIL_TOKEN_CHANGES,
                policy.ruleFor(new TokenRefusedException("held")).treatment());
        assertEquals(
                Treatment.DEAD_LETTER_RECORD,
                policy.ruleFor(new BadRecordException("no id", null, "{}")).treatment());
        // Kafka refusing a record for good is its customer's failure; failing to take it (a timeout) is the sweep's
        assertEquals(
                Treatment.DEAD_LETTER_CUSTOMER,
                policy.ruleFor(new RecordTooLargeException("too large")).treatment());
        assertEquals(
                Treatment.DEAD_LETTER_CUSTOMER,
                policy.ruleFor(new InvalidRecordException("no key")).treatment());
        assertTrue(policy.refusedForGood(new RecordTooLargeException("too large")));
        assertFalse(policy.refusedForGood(new org.apache.kafka.common.errors.TimeoutException("expired")));
        assertFalse(policy.refusedForGood(new NotEnoughReplicasException("1 of 3")));
        assertEquals(
                Treatment.DEAD_LETTER,
                policy.ruleFor(new ApiResponseException(422, "u", "", null)).treatment());
        assertEquals(
                Treatment.DEAD_LETTER,
                policy.ruleFor(new ForeignLinkException("https://x", "https://y:443"))
                        .treatment());
        assertEquals(
                Treatment.DEAD_LETTER,
                policy.ruleFor(new IllegalStateException("Kafka refused")).treatment());
        assertEquals(
                Treatment.DEAD_LETTER,
                policy.ruleFor(new ResponseTooLargeException("8 MiB")).treatment());
        assertEquals(
                Treatment.RETRY_WITH_BACKOFF,
                policy.ruleFor(new RequestDeadlineException("60s")).treatment());
        assertEquals(
                Treatment.DEAD_LETTER,
                policy.ruleFor(PaginationLoopException.repeated("https://x")).treatment());
    }

    @Test
    void whateverFailsInARuleFailsOneCustomerUnlessKafkaRefusedOneOfTheBundlesOwnTopics() {
        IllegalStateException thrown = new IllegalStateException("boom");
        assertEquals(Treatment.DEAD_LETTER_CUSTOMER, policy.treatment("rule-vip", "direct://rule-vip", thrown));
        assertEquals(Treatment.DEAD_LETTER_CUSTOMER, policy.treatment("rule-vip", "kafka://rci.customers.vip", thrown));
        assertEquals(Treatment.DEAD_LETTER, policy.treatment("rule-vip", "kafka://rci.customers?acks=all", thrown));
        assertEquals(Treatment.DEAD_LETTER, policy.treatment("fan-out-customer", "kafka://rci.customers.vip", thrown));
        assertEquals(Treatment.RETRY_WITH_BACKOFF, policy.treatment("fetch-page", null, new IOException("reset")));
    }

    @Test
    void retriesComeFromTheConfiguration() {
        assertEquals(4, policy.ruleFor(new IOException("reset")).retries());
        assertEquals(3, policy.ruleFor(new RateLimitedException("u", "", null)).retries());
        assertEquals(0, policy.ruleFor(new UnauthorizedException("u", "")).retries());
        assertTrue(policy.sendAgainAfterRateLimit(3));
        assertFalse(policy.sendAgainAfterRateLimit(4), "the fourth 429 in a row with 3 allowed ends the call");
    }

    @Test
    void theBackoffOfARetryComesFromTheConfiguration() {
        assertEquals(Duration.ofSeconds(1), policy.backoff());
        assertEquals(Duration.ofSeconds(60), policy.backoffMax());
    }

    @Test
    void retryAfterInSecondsOrAsADateIsWaitedCappedAtTheMaximum() {
        assertEquals(Duration.ofSeconds(7), policy.waitAfterRateLimit("7", 1, NOW));
        String inTenSeconds =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(10).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(10), policy.waitAfterRateLimit(inTenSeconds, 1, NOW));
        assertEquals(Duration.ofSeconds(120), policy.waitAfterRateLimit("3600", 1, NOW), "capped");
        String past =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(10).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ZERO, policy.waitAfterRateLimit(past, 1, NOW));
    }

    @RepeatedTest(20)
    void withoutRetryAfterTheWaitBacksOffExponentiallyWithJitterAndACap() {
        assertBetween(500, 1000, policy.waitAfterRateLimit(null, 1, NOW));
        assertBetween(2000, 4000, policy.waitAfterRateLimit("soon", 3, NOW));
        assertBetween(60_000, 120_000, policy.waitAfterRateLimit(null, 30, NOW));
    }

    private static void assertBetween(long fromMillis, long toMillis, Duration wait) {
        assertTrue(
                wait.toMillis() >= fromMillis && wait.toMillis() <= toMillis,
                wait + " not within [" + fromMillis + ", " + toMillis + "] ms");
    }

    private static RciConfig config(int maxRetries, int maxRateLimited, Duration backoff, Duration retryAfterMax) {
        Object api = Proxies.answering(
                RciConfig.Api.class,
                Map.of(
                        "maxRetries",
                        maxRetries,
                        "maxRateLimitedRetries",
                        maxRateLimited,
                        "retryBackoff",
                        backoff,
                        "retryBackoffMax",
                        Duration.ofSeconds(60),
                        "retryAfterMax",
                        retryAfterMax));
        Object topics = Proxies.answering(
                RciConfig.Topic.class,
                Map.of(
                        "customers",
                        "rci.customers",
                        "emailMarketing",
                        "rci.customers.email-marketing",
                        "smsMarketing",
                        "rci.customers.sms-marketing",
                        "redactions",
                        "rci.customers.redactions",
                        "deadLetter",
                        "rci.customers.dlq",
                        "state",
                        "rci.customers.state",
                        "fingerprints",
                        "rci.customers.fingerprints"));
        return Proxies.answering(RciConfig.class, Map.of("api", api, "topic", topics));
    }
}

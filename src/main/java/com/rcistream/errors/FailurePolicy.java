package com.rcistream.errors;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.RciConfig;
import com.rcistream.exchange.Endpoints;

/**
 * What every failure does, side by side: sent again after a wait, retried with backoff, held until the token changes,
 * or dead-lettered. {@link ErrorPolicy} (the route configurations the routes opt in to; retries only where the API is
 * called) and the API call route read their rules from here. What a failure does to a sweep (stop the walk, clear
 * the checkpoint) is the sweep's decision. One line is not about a type but a place: whatever fails inside an
 * integrator's {@code rule-*} route fails that customer alone, unless it is Kafka failing to take a record for one
 * of the bundle's own topics. A record Kafka refuses for good (too large, invalid) fails its customer alone wherever
 * it was sent.
 */
@ApplicationScoped
@Named("failurePolicy")
@RegisterForReflection
public class FailurePolicy {

    /** How a kind of failure is treated. */
    public enum Treatment {
        /** Every API call waits (Retry-After, capped; else backoff with jitter), then the request is sent again. */
        WAIT_AND_SEND_AGAIN,
        /** The whole call is retried (throttle included) with exponential backoff and jitter. */
        RETRY_WITH_BACKOFF,
        /** Never retried: no API call at all until the token changes (a retry storm helps nobody). */
        HOLD_UNTIL_TOKEN_CHANGES,
        /** The record alone is dead-lettered; the rest of its page goes on. */
        DEAD_LETTER_RECORD,
        /** Dead-lettered at once; the work it belongs to (a sweep, a refresh request) fails. */
        DEAD_LETTER,
        /**
         * One customer's failure (a custom rule failed, or Kafka refused its record for good): that customer is
         * dead-lettered naming the rule or the topic and tried again next sweep; the sweep goes on.
         */
        DEAD_LETTER_CUSTOMER
    }

    /**
     * One line of the policy: a failure, its treatment, how many times it is tried again before it is dead-lettered
     * (and its work fails), and why.
     */
    public record Rule(Class<? extends Throwable> failure, Treatment treatment, int retries, String why) {}

    private final RciConfig.Api api;
    private final RciConfig.Topic topics;
    private final List<Rule> rules;

    public FailurePolicy(RciConfig config) {
        this.api = config.api();
        this.topics = config.topic();
        int retries = api.maxRetries();
        rules = List.of(
                new Rule(
                        RateLimitedException.class,
                        Treatment.WAIT_AND_SEND_AGAIN,
                        api.maxRateLimitedRetries(),
                        "429: the API asks us to slow down; not a failure until rci.api.max-rate-limited-retries in a row"),
                new Rule(ServerErrorException.class, Treatment.RETRY_WITH_BACKOFF, retries, "5xx: usually transient"),
                new Rule(
                        ResponseTooLargeException.class,
                        Treatment.DEAD_LETTER,
                        0,
                        "an answer over rci.api.max-body-size once decompressed: it would be as large again"),
                new Rule(
                        IOException.class,
                        Treatment.RETRY_WITH_BACKOFF,
                        retries,
                        "a timeout (connect, read, or the request's whole deadline) or a reset connection"),
                new Rule(
                        InvalidPageException.class,
                        Treatment.RETRY_WITH_BACKOFF,
                        retries,
                        "a 2xx body that is not a JSON:API document: often a truncated answer"),
                new Rule(
                        UnauthorizedException.class,
                        Treatment.HOLD_UNTIL_TOKEN_CHANGES,
                        0,
                        "401: the token was refused"),
                new Rule(
                        TokenRefusedException.class,
                        Treatment.HOLD_UNTIL_TOKEN_CHANGES,
                        0,
                        "a call not made because the token was refused before"),
                new Rule(
                        PaginationLoopException.class,
                        Treatment.DEAD_LETTER,
                        0,
                        "a next link already followed in this sweep, or past the page cap: the walk would never end"),
                new Rule(
                        BadRecordException.class,
                        Treatment.DEAD_LETTER_RECORD,
                        0,
                        "one record that is not a customer resource"),
                // Kafka refuses these for the record itself, however often it is sent: one customer's failure
                new Rule(
                        RecordTooLargeException.class,
                        Treatment.DEAD_LETTER_CUSTOMER,
                        0,
                        "a record over its topic's max.message.bytes (or the producer's max.request.size)"),
                new Rule(
                        InvalidRecordException.class,
                        Treatment.DEAD_LETTER_CUSTOMER,
                        0,
                        "a record its topic refuses as invalid"),
                new Rule(
                        Exception.class,
                        Treatment.DEAD_LETTER,
                        0,
                        "anything else: another 4xx (a rejected cursor), a foreign next link, Kafka failing to take a"
                                + " record (a timeout, not enough replicas)"));
    }

    /** The policy, most specific failures first; {@link Exception} last, as the catch-all. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rule that applies to a failure: the first whose type it is. */
    public Rule ruleFor(Throwable failure) {
        return rules.stream()
                .filter(rule -> rule.failure().isInstance(failure))
                .findFirst()
                .orElseThrow();
    }

    /** Whether Kafka refused a record for good (it would refuse it again): its customer's failure alone. */
    public boolean refusedForGood(Throwable kafkaFailure) {
        return kafkaFailure != null && ruleFor(kafkaFailure).treatment() == Treatment.DEAD_LETTER_CUSTOMER;
    }

    /**
     * What a failure that the error policy caught in a route means: a failure inside a {@code rule-*} route is its
     * customer's alone, unless it is Kafka refusing one of the bundle's own topics; anything else is treated by type.
     */
    public Treatment treatment(String routeId, String failedEndpoint, Throwable failure) {
        if (routeId != null && routeId.startsWith(Endpoints.RULE_PREFIX) && !bundleTopic(failedEndpoint)) {
            return Treatment.DEAD_LETTER_CUSTOMER;
        }
        return ruleFor(failure).treatment();
    }

    /** Whether an endpoint URI is a Kafka endpoint of one of the bundle's own topics. */
    boolean bundleTopic(String endpointUri) {
        if (endpointUri == null || !endpointUri.startsWith("kafka:")) {
            return false;
        }
        String topic = kafkaTopic(endpointUri);
        return List.of(
                        topics.customers(),
                        topics.emailMarketing(),
                        topics.smsMarketing(),
                        topics.redactions(),
                        topics.deadLetter(),
                        topics.state(),
                        topics.fingerprints())
                .contains(topic);
    }

    /** The topic of a Kafka endpoint URI ({@code kafka://rci.customers?...}), or the URI itself when it is none. */
    public static String kafkaTopic(String endpointUri) {
        if (endpointUri == null || !endpointUri.startsWith("kafka:")) {
            return endpointUri;
        }
        return endpointUri.substring("kafka:".length()).replaceFirst("^//", "").replaceFirst("\\?.*$", "");
    }

    /** Whether the n-th 429 in a row (n from 1) of one API call is sent again, or ends the call. */
    public boolean sendAgainAfterRateLimit(int inARow) {
        return inARow <= api.maxRateLimitedRetries();
    }

    /** How long every API call waits after the n-th 429 in a row (n from 1), given the answer's Retry-After. */
    public Duration waitAfterRateLimit(String retryAfter, int inARow, Instant now) {
        return RetryAfter.waitFor(retryAfter, inARow, api.retryBackoff(), api.retryAfterMax(), now);
    }

    /** First backoff of {@link Treatment#RETRY_WITH_BACKOFF}; it doubles each time, with jitter. */
    public Duration backoff() {
        return api.retryBackoff();
    }

    /** Longest backoff of {@link Treatment#RETRY_WITH_BACKOFF}. */
    public Duration backoffMax() {
        return api.retryBackoffMax();
    }
}

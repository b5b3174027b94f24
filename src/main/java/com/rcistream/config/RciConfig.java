package com.rcistream.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The integrator's surface: every {@code rci.*} key the bundle reads (the simulator maps its own
 * {@code rci.simulator.*} keys), each declared once here: its default, its range as a constraint checked at start, its
 * meaning as Javadoc, from which docs/configuration.md is generated. SmallRye Config rejects an unknown key under a
 * mapped prefix at start, so a misspelt key fails loudly instead of silently doing nothing.
 */
@ConfigMapping(prefix = "rci")
public interface RciConfig {

    /** The words of a duration's constraints; Hibernate Validator's own would say "at least 1 milli". */
    String LONGER_THAN_ZERO = "must be longer than zero", NOT_NEGATIVE = "must not be negative";

    /** The groups below, one per concern. */
    Api api();

    Poll poll();

    Sweep sweep();

    Topic topic();

    Refresh refresh();

    PublishConfig publish();

    /** The schema registry of rci.publish.value-format=json-schema and avro ({@code rci.schemas.*}). */
    SchemasConfig schemas();

    /** Change events: which attributes are tracked ({@code rci.changes.*}). */
    ChangesConfig changes();

    /** Many RCI accounts (stores) in one deployment ({@code rci.accounts.*}). */
    AccountsConfig accounts();

    @WithName("leader-election") // without it, a constraint's message would name the group rci.leaderElection
    LeaderElectionConfig leaderElection();

    /** Per custom rule route, by its id ({@code rci.rules.rule-vip.*}): what its route alone does not say. */
    Map<String, Rule> rules();

    /** changes: publish only customers whose content changed since they were last published; all: every customer. */
    @WithDefault("changes")
    @Pattern(regexp = "changes|all", message = "must be changes or all")
    String emit();

    interface Rule {
        /** Topics the rule publishes to that its route does not name (a topic computed at run time). */
        Optional<List<String>> topics();

        /** Whether the rule's topics hold the latest state per customer, so are created compacted. */
        @WithDefault("true")
        boolean compacted();
    }

    /** Milliseconds between two calls of an account: the minute divided by the budget, plus the network's margin. */
    default long apiSpacingMillis() {
        return apiSpacingMillis(api().requestsPerMinute());
    }

    /** The same for a budget of {@code perMinute} calls a minute (an account's own). */
    default long apiSpacingMillis(int perMinute) {
        return (60_000L + perMinute - 1) / perMinute + api().spacingMargin().toMillis();
    }

    /** The spacings of every budget an account may have, shortest first: rci.api.requests-per-minute's and its own. */
    default SortedSet<Long> apiSpacingsMillis() {
        SortedSet<Long> spacings = new TreeSet<>();
        spacings.add(apiSpacingMillis());
        accounts()
                .own()
                .values()
                .forEach(own ->
                        own.requestsPerMinute().ifPresent(perMinute -> spacings.add(apiSpacingMillis(perMinute))));
        return spacings;
    }

    /** The gap between two refresh calls while a sweep runs: the budget's spacing divided by the refreshes' share. */
    default long refreshSpacingMillis() {
        return Math.max(
                1, Math.round(60_000.0 / api().requestsPerMinute() / refresh().budgetShare()));
    }

    interface Refresh {
        /** Consume refresh requests (customer ids) from rci.topic.refresh-requests. */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group of the refresh requests. */
        @WithDefault("rci-stream-refresh")
        String groupId();

        /** Requests taken per poll; each waits for the throttle, so few. */
        @WithDefault("10")
        @Min(1)
        int maxPollRecords();

        /** Kafka's max.poll.interval.ms for the refresh consumer: one poll's requests must be handled within it. */
        @WithDefault("10m")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration maxPollInterval();

        /** The same customer id asked for again within this window is fetched once. */
        @WithDefault("10m")
        @DurationMin(millis = 0, message = NOT_NEGATIVE)
        Duration dedupWindow();

        /** The share of rci.api.requests-per-minute refreshes may take while a sweep runs (0 to 1). */
        @WithDefault("0.2")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        double budgetShare();
    }

    interface Api {
        /** Base URL of the API, up to and including {@code /api/v1}. */
        @WithDefault("https://repeat-customer-insights.littlestreamsoftware.com/api/v1")
        @Pattern(regexp = "(?i)https?://[^/?#\\s]+(/\\S*)?", message = "must be an absolute http(s) URL")
        String baseUrl();

        /** Allow an http:// base URL to a host other than this machine (the token would travel in clear text). */
        @WithDefault("false")
        boolean allowInsecureHttp();

        /** Bearer token; secrets have no default. */
        Optional<String> token();

        /** A file holding the token (a mounted secret), read again when it changes; wins over rci.api.token. */
        Optional<java.nio.file.Path> tokenFile();

        /** The account's budget; every API call passes one throttle of this many a rolling minute. */
        @WithDefault("60")
        @Min(1)
        int requestsPerMinute();

        /** Added to the even spacing of calls so that network jitter cannot make two calls look closer than allowed. */
        @WithDefault("20ms")
        @DurationMin(millis = 0, message = NOT_NEGATIVE)
        Duration spacingMargin();

        /** How long to wait for a connection to the API. */
        @WithDefault("5s")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration connectTimeout();

        /** How long to wait for an answer once connected, for each read (never infinite). */
        @WithDefault("30s")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration readTimeout();

        /** The whole request, connection to last byte: a server that drips a byte at a time cannot hold a sweep. */
        @WithDefault("60s")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration requestTimeout();

        /** The largest answer read, once decompressed; a larger one (a huge page, a gzip bomb) is dead-lettered. */
        @WithDefault("8M")
        @MinSize("1K")
        MemorySize maxBodySize();

        /** Retries of a 5xx, a timeout, a reset connection or an unreadable page before it is dead-lettered. */
        @WithDefault("4")
        @Min(0)
        int maxRetries();

        /** First backoff of those retries; it doubles each time, with jitter. */
        @WithDefault("1s")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration retryBackoff();

        /** Longest backoff of those retries; at least rci.api.retry-backoff. */
        @WithDefault("60s")
        Duration retryBackoffMax();

        /** Retries of a 429 in a row before the sweep gives up (a 429 itself is not a failure). */
        @WithDefault("20")
        @Min(0)
        int maxRateLimitedRetries();

        /** Longest wait a 429's Retry-After is obeyed for; also the cap of the backoff when it has none. */
        @WithDefault("120s")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration retryAfterMax();
    }

    interface Poll {
        /** Whether the timer starts sweeps by itself. */
        @WithDefault("true")
        boolean enabled();

        /** Time from the start of one sweep to the start of the next; a longer sweep is followed at once. */
        @WithDefault("15m")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration interval();

        /** Delay before the first sweep after start. */
        @WithDefault("1s")
        @DurationMin(millis = 0, message = NOT_NEGATIVE)
        Duration initialDelay();

        /** Stop the application after this many sweeps; 0 polls for ever. */
        @WithDefault("0")
        @Min(0)
        int maxSweeps();
    }

    interface Sweep {
        /** Sweeps that fail in a row at the same page before the next one starts at page one again. */
        @WithDefault("2")
        @Min(1)
        int failuresBeforeRestart();

        /** Pages one sweep may walk at most, a fence against a pagination loop whose links never repeat. */
        @WithDefault("10000")
        @Min(1)
        int maxPages();
    }

    interface Topic {
        /** Every customer (compacted). */
        @WithDefault("rci.customers")
        String customers();

        /** Customers who consent to email marketing; a tombstone when they do not (compacted). */
        @WithDefault("rci.customers.email-marketing")
        String emailMarketing();

        /** Customers who consent to SMS marketing; a tombstone when they do not (compacted). */
        @WithDefault("rci.customers.sms-marketing")
        String smsMarketing();

        /** One {id, redacted_at} event per redacted customer: downstream must erase. */
        @WithDefault("rci.customers.redactions")
        String redactions();

        /** Everything that could not be processed, with the reason. */
        @WithDefault("rci.customers.dlq")
        String deadLetter();

        /** The cursor checkpoint of a sweep in progress (compacted). */
        @WithDefault("rci.customers.state")
        String state();

        /** A content fingerprint per published customer, for change detection (compacted). */
        @WithDefault("rci.customers.fingerprints")
        String fingerprints();

        /** One event per customer and sweep whose tracked attributes changed, no personal data (compact,delete). */
        @WithDefault("rci.customers.changes")
        String changes();

        /** How long the change topic keeps an event (retention.ms); a redacted customer's are tombstoned sooner. */
        @WithDefault("7d")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration changesRetention();

        /** Customer ids to fetch again on demand. */
        @WithDefault("rci.customers.refresh-requests")
        String refreshRequests();

        /** Create missing topics at start (the compacted ones compacted). */
        @WithDefault("true")
        boolean create();

        /** Partitions of a topic created at start; absent: the broker's default. */
        Optional<@Min(1) Integer> partitions();

        /** Replication factor of a topic created at start; absent: the broker's default. */
        Optional<@Min(1) Short> replicationFactor();

        /** How long a compacted topic keeps a tombstone (delete.retention.ms), so a consumer away that long still sees it. */
        @WithDefault("7d")
        @DurationMin(millis = 1, message = LONGER_THAN_ZERO)
        Duration tombstoneRetention();
    }
}

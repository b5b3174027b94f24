package com.rcistream.config;

import static com.rcistream.config.StartupChecks.fail;

import java.time.Duration;

/**
 * Every number and duration of the bundle's settings in a range that makes sense, checked at start with one sentence
 * naming the key: a negative retry count would retry for ever, a zero timeout is no timeout at all to HttpClient, a
 * refresh poll that cannot be handled within Kafka's poll interval gets the consumer evicted again and again.
 */
final class SettingsChecks {

    private SettingsChecks() {
    }

    static void check(RciConfig config) {
        RciConfig.Api api = config.api();
        positive("rci.api.connect-timeout", api.connectTimeout(), "0 would wait for ever");
        positive("rci.api.read-timeout", api.readTimeout(), "0 would wait for ever");
        positive("rci.api.request-timeout", api.requestTimeout(), "it is the deadline of a whole request");
        notNegative("rci.api.spacing-margin", api.spacingMargin());
        atLeast("rci.api.max-retries", api.maxRetries(), 0, "the retries of a 5xx or a timeout; none is 0");
        atLeast("rci.api.max-rate-limited-retries", api.maxRateLimitedRetries(), 0, "the 429s in a row waited out");
        positive("rci.api.retry-backoff", api.retryBackoff(), "the first wait before a retry");
        positive("rci.api.retry-after-max", api.retryAfterMax(), "the longest wait after a 429");
        if (api.retryBackoffMax().compareTo(api.retryBackoff()) < 0) {
            fail("rci.api.retry-backoff-max is " + text(api.retryBackoffMax()) + ": it must be at least rci.api.retry-backoff ("
                    + text(api.retryBackoff()) + ").");
        }
        if (api.maxBodySize().asLongValue() < 1024) {
            fail("rci.api.max-body-size is " + api.maxBodySize().asLongValue() + " bytes: it must be at least 1K (a page"
                    + " of 100 customers is about 100K).");
        }
        positive("rci.poll.interval", config.poll().interval(), "the time from one sweep's start to the next's");
        notNegative("rci.poll.initial-delay", config.poll().initialDelay());
        atLeast("rci.poll.max-sweeps", config.poll().maxSweeps(), 0, "0 polls for ever");
        atLeast("rci.sweep.failures-before-restart", config.sweep().failuresBeforeRestart(), 1,
                "failed sweeps at one page before the next starts at page one");
        atLeast("rci.sweep.max-pages", config.sweep().maxPages(), 1, "the pages one sweep may walk");
        atLeast("rci.publish.concurrency", config.publish().concurrency(), 1, "the customers of a page routed at once");
        atLeast("rci.publish.pages-in-flight", config.publish().pagesInFlight(), 1, "the pages published at once");
        checkRefresh(config);
        config.topic().partitions().ifPresent(n -> atLeast("rci.topic.partitions", n, 1, "partitions of a new topic"));
        config.topic().replicationFactor().ifPresent(n -> atLeast("rci.topic.replication-factor", n, 1,
                "replicas of a new topic"));
    }

    private static void checkRefresh(RciConfig config) {
        RciConfig.Refresh refresh = config.refresh();
        double share = refresh.budgetShare();
        if (!(share > 0 && share <= 1)) {
            fail("rci.refresh.budget-share is " + share + ": it must be more than 0 and at most 1 (the share of the API"
                    + " budget refreshes may take while a sweep runs).");
        }
        atLeast("rci.refresh.max-poll-records", refresh.maxPollRecords(), 1, "the refresh requests taken per poll");
        positive("rci.refresh.max-poll-interval", refresh.maxPollInterval(), "Kafka's max.poll.interval.ms");
        notNegative("rci.refresh.dedup-window", refresh.dedupWindow());
        // while a sweep runs each refresh waits for its share of the budget; a poll's worth must fit in half the interval
        long pollMillis = refresh.maxPollRecords() * config.refreshSpacingMillis();
        if (pollMillis * 2 > refresh.maxPollInterval().toMillis()) {
            fail("rci.refresh.max-poll-records (" + refresh.maxPollRecords() + ") takes " + pollMillis / 1000 + " s at the"
                    + " refresh share of the budget while a sweep runs, more than half of rci.refresh.max-poll-interval ("
                    + text(refresh.maxPollInterval()) + "): take fewer records a poll or allow a longer interval.");
        }
    }

    private static void atLeast(String key, long value, long min, String what) {
        if (value < min) {
            fail(key + " is " + value + ": it must be " + min + " or more (" + what + ").");
        }
    }

    private static void positive(String key, Duration value, String why) {
        if (value.isNegative() || value.isZero()) {
            fail(key + " is " + text(value) + ": it must be longer than zero (" + why + ").");
        }
    }

    private static void notNegative(String key, Duration value) {
        if (value.isNegative()) {
            fail(key + " is " + text(value) + ": it must not be negative.");
        }
    }

    private static String text(Duration value) {
        return value.isNegative() ? "-" + text(value.negated()) : value.toString().substring(2).toLowerCase();
    }
}

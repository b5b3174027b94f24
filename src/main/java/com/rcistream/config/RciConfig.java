package com.rcistream.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The integrator's surface: every {@code rci.*} key the bundle reads (the simulator's own keys live in
 * {@link com.rcistream.simulator.SimulatorConfig}). SmallRye Config rejects an unknown key under a mapped
 * prefix at start, so a misspelt key fails loudly instead of silently doing nothing.
 */
@ConfigMapping(prefix = "rci")
public interface RciConfig {

    Api api();

    Poll poll();

    Topic topic();

    Refresh refresh();

    interface Refresh {
        /** Consume refresh requests (customer ids) from rci.topic.refresh-requests. */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group of the refresh requests. */
        @WithDefault("rci-stream-refresh")
        String groupId();
    }

    interface Api {
        /** Base URL of the API, up to and including {@code /api/v1}. */
        @WithDefault("https://repeat-customer-insights.littlestreamsoftware.com/api/v1")
        String baseUrl();

        /** Bearer token; secrets have no default. */
        Optional<String> token();

        /** The account's budget; every API call passes one throttle of this many a rolling minute. */
        @WithDefault("60")
        int requestsPerMinute();

        /** Added to the even spacing of calls so that network jitter cannot make two calls look closer than allowed. */
        @WithDefault("20ms")
        Duration spacingMargin();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration readTimeout();
    }

    interface Poll {
        /** Whether the timer starts sweeps by itself. */
        @WithDefault("true")
        boolean enabled();

        /** Time between the end of one sweep and the start of the next. */
        @WithDefault("15m")
        Duration interval();

        /** Delay before the first sweep after start. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Stop the application after this many sweeps; 0 polls for ever. */
        @WithDefault("0")
        int maxSweeps();
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

        /** Customer ids to fetch again on demand. */
        @WithDefault("rci.customers.refresh-requests")
        String refreshRequests();

        /** Create missing topics at start (the compacted ones compacted). */
        @WithDefault("true")
        boolean create();

        /** Partitions of a topic created at start; absent: the broker's default. */
        Optional<Integer> partitions();

        /** Replication factor of a topic created at start; absent: the broker's default. */
        Optional<Short> replicationFactor();
    }
}

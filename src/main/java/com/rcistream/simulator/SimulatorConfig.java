package com.rcistream.simulator;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The simulator's configuration: a faithful stand-in for the RCI API, served by this application when enabled. */
@ConfigMapping(prefix = "rci.simulator")
public interface SimulatorConfig {

    /** Serve the simulated API under /api/v1 on this application's HTTP server. */
    @WithDefault("false")
    boolean enabled();

    /** The bearer token the simulator accepts; a sandbox value, not a secret. */
    @WithDefault("sim-token")
    String token();

    /**
     * More accounts beside the single one: a number N (accounts {@code store-1} to {@code store-N}) or a comma-separated
     * list of account ids; 0 is none. Account {@code a} accepts the token {@code <token>-a}.
     */
    @WithDefault("0")
    String accounts();

    /** Seed of the deterministic data set. */
    @WithDefault("42")
    long seed();

    /** Number of customers in the data set. */
    @WithDefault("1000")
    int customers();

    /** Customers per list page. */
    @WithDefault("100")
    int pageSize();

    /** Share of customers that are redacted (GDPR): PII null, redacted_at set. */
    @WithDefault("0.01")
    double redactedShare();

    RateLimit rateLimit();

    Faults faults();

    interface RateLimit {
        /** Requests allowed per window and token. */
        @WithDefault("60")
        int requests();

        /** The window those requests are counted over. */
        @WithDefault("60s")
        Duration window();

        /** sliding, fixed or leaky: the reference does not say which one the real API uses. */
        @WithDefault("sliding")
        String algorithm();
    }

    interface Faults {
        /** Share of requests answered 500 or 503. */
        @WithDefault("0")
        double errorRate();

        /** Share of requests answered only after {@link #slowDelay()}. */
        @WithDefault("0")
        double slowRate();

        /** How long a slow answer waits. */
        @WithDefault("40s")
        Duration slowDelay();

        /** Share of list pages answered 200 with a truncated, unparsable body. */
        @WithDefault("0")
        double malformedRate();

        /** Every this many requests a burst of 429s starts; 0 is off. */
        @WithDefault("0")
        int burst429Every();

        /** Length of a 429 burst. */
        @WithDefault("3")
        int burst429Length();

        /** Retry-After sent with a 429 burst. */
        @WithDefault("1s")
        Duration burst429RetryAfter();

        /** How Retry-After is written: seconds, date or none. */
        @WithDefault("seconds")
        String retryAfterFormat();

        /** Page index (0-based) whose next link points at {@link #foreignNextUrl()}; -1 is off. */
        @WithDefault("-1")
        int foreignNextPage();

        /** The foreign next link served on {@link #foreignNextPage()}. */
        Optional<String> foreignNextUrl();

        /** Page index (0-based) on which two records are broken (one without id, one whose attributes are not an object); -1 is off. */
        @WithDefault("-1")
        int badRecordsPage();

        /** Page index (0-based) answered 200 with JSON that is not a JSON:API document; -1 is off. */
        @WithDefault("-1")
        int notJsonApiPage();

        /** Page index (0-based) answered 500 on every request, for good; -1 is off. */
        @WithDefault("-1")
        int failingPage();

        /** Page index (0-based) whose next link points to the page itself; -1 is off. */
        @WithDefault("-1")
        int selfLinkPage();

        /** Page index (0-based) answered with a valid document padded with whitespace to {@link #oversizedBytes()}; -1 is off. */
        @WithDefault("-1")
        int oversizedPage();

        /** Page index (0-based) answered with a gzip body that inflates to {@link #oversizedBytes()}; -1 is off. */
        @WithDefault("-1")
        int gzipBombPage();

        /** Size of the oversized page, or of the gzip bomb once inflated. */
        @WithDefault("8589934592")
        long oversizedBytes();

        /** Page index (0-based) whose answer is sent one byte at a time, slower than any deadline; -1 is off. */
        @WithDefault("-1")
        int dripPage();
    }
}

package com.rcistream.simulator;

import java.time.Duration;
import java.util.Optional;

/** A {@link SimulatorConfig} for unit tests: the configured defaults, with a few values changed through withers. */
record SimulatorTestConfig(
        boolean enabled,
        String token,
        String accounts,
        long seed,
        int customers,
        int pageSize,
        double redactedShare,
        RateLimit rateLimit,
        Faults faults)
        implements SimulatorConfig {

    record Limit(int requests, Duration window, String algorithm) implements SimulatorConfig.RateLimit {}

    record NoFaults(
            double errorRate,
            double slowRate,
            Duration slowDelay,
            double malformedRate,
            int burst429Every,
            int burst429Length,
            Duration burst429RetryAfter,
            String retryAfterFormat,
            int foreignNextPage,
            Optional<String> foreignNextUrl,
            int badRecordsPage,
            int notJsonApiPage,
            int failingPage,
            int selfLinkPage,
            int oversizedPage,
            int gzipBombPage,
            long oversizedBytes,
            int dripPage)
            implements SimulatorConfig.Faults {}

    static SimulatorTestConfig defaults() {
        return new SimulatorTestConfig(
                true,
                "sim-token",
                "0",
                42,
                1000,
                100,
                0.01,
                new Limit(60, Duration.ofSeconds(60), "sliding"),
                new NoFaults(
                        0,
                        0,
                        Duration.ofSeconds(40),
                        0,
                        0,
                        3,
                        Duration.ofSeconds(1),
                        "seconds",
                        -1,
                        Optional.empty(),
                        -1,
                        -1,
                        -1,
                        -1,
                        -1,
                        -1,
                        8L << 30,
                        -1));
    }

    SimulatorTestConfig withCustomers(int count) {
        return new SimulatorTestConfig(
                enabled, token, accounts, seed, count, pageSize, redactedShare, rateLimit, faults);
    }

    SimulatorTestConfig withAccounts(String setting) {
        return new SimulatorTestConfig(
                enabled, token, setting, seed, customers, pageSize, redactedShare, rateLimit, faults);
    }

    SimulatorTestConfig withPageSize(int size) {
        return new SimulatorTestConfig(
                enabled, token, accounts, seed, customers, size, redactedShare, rateLimit, faults);
    }

    SimulatorTestConfig withLimit(String algorithm, int requests, Duration window) {
        return new SimulatorTestConfig(
                enabled,
                token,
                accounts,
                seed,
                customers,
                pageSize,
                redactedShare,
                new Limit(requests, window, algorithm),
                faults);
    }
}

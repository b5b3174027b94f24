package com.rcistream.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Change detection on (as in production), 10 pages of 20, a page cap of 12, and the test rule that can be made to
 * throw; 3,000 calls a minute (one every 20 ms), of which refreshes take a quarter while a sweep runs, and Kafka
 * evicting a refresh consumer after 5 s without a poll: the application UnattendedSweepTest, ChangeDetectionTest and
 * RefreshBacklogTest share, so that Quarkus starts it once for the three.
 */
public class EmitChangesProfile implements QuarkusTestProfile {

    public static final int PAGE_SIZE = 20;
    /** Between two calls at rci.api.requests-per-minute. */
    public static final int SPACING_MILLIS = 20;
    /** rci.refresh.budget-share. */
    public static final double REFRESH_SHARE = 0.25;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rci.emit", "changes",
                "rci.simulator.customers", "200",
                "rci.simulator.page-size", String.valueOf(PAGE_SIZE),
                "rci.sweep.max-pages", "12",
                "rci.api.requests-per-minute", String.valueOf(60_000 / SPACING_MILLIS),
                "rci.refresh.max-poll-interval", "5s",
                "rci.refresh.budget-share", String.valueOf(REFRESH_SHARE),
                "camel.main.routes-include-pattern", "file:routes/*.yaml,file:src/test/resources/routes/rule-flaky.yaml");
    }
}

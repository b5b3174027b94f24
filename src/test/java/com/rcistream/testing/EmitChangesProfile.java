package com.rcistream.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Change detection on (as in production), 10 pages of 20, a page cap of 12, the test rule that can be made to throw
 * and the one that keys its records by hashed email: the application UnattendedSweepTest and ChangeDetectionTest share, so that Quarkus starts it once for both.
 */
public class EmitChangesProfile implements QuarkusTestProfile {

    public static final int PAGE_SIZE = 20;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rci.emit", "changes",
                "rci.simulator.customers", "200",
                "rci.simulator.page-size", String.valueOf(PAGE_SIZE),
                "rci.sweep.max-pages", "12",
                "camel.main.routes-include-pattern",
                        "file:routes/*.yaml,file:src/test/resources/routes/rule-flaky.yaml,"
                                + "file:src/test/resources/routes/rule-hashed-email.yaml");
    }
}

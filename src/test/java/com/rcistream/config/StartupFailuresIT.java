package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;

/**
 * A configuration that cannot work stops the packaged application at start, with one line a problem and no stack
 * trace: a setting out of its range (a constraint, reported by Quarkus), a check of the bundle's own, and a rule whose
 * destinations cannot be known (so erasure could not reach them). Which settings and rules are refused and in what words
 * is tested without a JVM start: SettingRangesTest, SettingsChecksTest, StartupChecksTest, RouteFileChecksTest,
 * RuleTopicsTest.
 */
class StartupFailuresIT {

    @Test
    void settingsOutOfRangeStopTheStartWithOneLineEach() throws Exception {
        Run run = start("-Drci.api.max-retries=-1", "-Drci.api.connect-timeout=0s");

        assertFailedWithOneLine(run, "rci.api.max-retries must be greater than or equal to 0");
        assertFailedWithOneLine(run, "rci.api.connect-timeout must be longer than zero");
    }

    @Test
    void missingTokenStopsTheStartSayingWhatToSet() throws Exception {
        Run run = PackagedApp.runToExit(List.of("-Drci.simulator.enabled=false", "-Drci.poll.enabled=false"), 60);

        assertFailedWithOneLine(run, "No API token: set RCI_API_TOKEN");
    }

    @Test
    void ruleWhoseDestinationsCannotBeKnownStopsTheStart(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("rule-region.yaml"), """
                - route:
                    id: rule-region
                    routeConfigurationId: error-policy,event-contract
                    from:
                      uri: direct:rule-region
                      steps:
                        - recipientList:
                            simple: "kafka:rci.customers.${exchangeProperty.rciCustomer[grade]}"
                """);
        Run run = start("-Dcamel.main.routes-include-pattern=file:routes/*.yaml,file:" + routes + "/*.yaml");

        assertFailedWithOneLine(
                run,
                "Rule route rule-region uses recipientList, whose destinations are known only at run time, so a"
                        + " redacted customer could not be erased there: send to each endpoint with a to: step.");
    }

    private static Run start(String... properties) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.poll.enabled=false",
                "-Drci.refresh.enabled=false"));
        all.addAll(List.of(properties));
        return PackagedApp.runToExit(all, 60);
    }

    private static void assertFailedWithOneLine(Run run, String sentence) {
        assertEquals(1, run.exitCode(), run.output());
        List<String> lines = run.output()
                .lines()
                .filter(line -> line.strip().startsWith(sentence))
                .toList();
        assertEquals(1, lines.size(), "one line saying: " + sentence + "\n" + run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace:\n" + run.output());
    }
}

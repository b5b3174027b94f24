package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;

/**
 * A configuration that cannot work stops the packaged application at start, with one line a problem and no stack
 * trace: a setting out of its range (a constraint, reported by Quarkus) and a check of the bundle's own. Which settings
 * are refused and in what words is tested without a JVM start: SettingRangesTest, SettingsChecksTest,
 * StartupChecksTest, RouteFileChecksTest.
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

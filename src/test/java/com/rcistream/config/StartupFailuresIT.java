package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;

/** A configuration that cannot work stops the packaged application at start, with one sentence and no stack trace. */
class StartupFailuresIT {

    @TempDir
    Path dir;

    @Test
    void routeFileThatDoesNotParseStopsTheStartNamingTheFile() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken-rule.yaml"),
                "- route:\n    id: rule-broken\n    from:\n      uri: direct:rule-broken\n      steps:\n        - to: [unclosed\n");

        Run run = start("-Dcamel.main.routes-include-pattern=file:routes/*.yaml,file:" + broken);

        assertFailedWithOneSentence(run, "Route file " + broken + " does not parse");
    }

    @Test
    void routeFileNamingAnUnknownEndpointStopsTheStartNamingTheFile() throws Exception {
        Path unknown = Files.writeString(dir.resolve("unknown-rule.yaml"),
                "- route:\n    id: rule-unknown\n    from:\n      uri: direct:rule-unknown\n      steps:\n        - to: kafak:typo\n");

        Run run = start("-Dcamel.main.routes-include-pattern=file:routes/*.yaml,file:" + unknown);

        assertFailedWithOneSentence(run, "Route file " + unknown + " names an unknown endpoint 'kafak:typo'");
    }

    @Test
    void ruleRouteWithoutTheRouteConfigurationsStopsTheStartNamingTheFile() throws Exception {
        Path careless = Files.writeString(dir.resolve("rule-careless.yaml"),
                "- route:\n    id: rule-careless\n    routeConfigurationId: error-policy\n    from:\n"
                        + "      uri: direct:rule-careless\n      steps:\n        - to: kafka:rci.customers.careless\n");

        Run run = start("-Dcamel.main.routes-include-pattern=file:routes/*.yaml,file:" + careless);

        assertFailedWithOneSentence(run, "Route file " + careless + " has a rule route 'rule-careless' without"
                + " routeConfigurationId: error-policy,event-contract");
    }

    @Test
    void pollIntervalThatCamelWouldReadAsMillisecondsStopsTheStart() throws Exception {
        Run run = start("-Drci.poll.interval=900");

        assertFailedWithOneSentence(run, "rci.poll.interval is '900': write it with a unit");
    }

    @Test
    void missingTokenStopsTheStartSayingWhatToSet() throws Exception {
        Run run = PackagedApp.runToExit(List.of("-Drci.simulator.enabled=false", "-Drci.poll.enabled=false"), 60);

        assertFailedWithOneSentence(run, "No API token: set RCI_API_TOKEN");
    }

    @Test
    void budgetOfZeroStopsTheStart() throws Exception {
        Run run = start("-Drci.api.requests-per-minute=0");

        assertFailedWithOneSentence(run, "rci.api.requests-per-minute is 0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rci.api.max-retries=-1                   | rci.api.max-retries is -1: it must be 0 or more",
        "rci.api.connect-timeout=0s               | rci.api.connect-timeout is 0s: it must be longer than zero",
        "rci.api.read-timeout=0s                  | rci.api.read-timeout is 0s: it must be longer than zero",
        "rci.api.retry-after-max=-5s              | rci.api.retry-after-max is -5s: it must be longer than zero",
        "rci.api.spacing-margin=-20ms             | rci.api.spacing-margin is -0.02s: it must not be negative",
        "rci.api.base-url=http://rci.example.com/api/v1 | rci.api.base-url 'http://rci.example.com/api/v1' is plain http",
        "rci.sweep.failures-before-restart=0      | rci.sweep.failures-before-restart is 0: it must be 1 or more",
        "rci.refresh.budget-share=0               | rci.refresh.budget-share is 0.0: it must be more than 0",
        "rci.refresh.max-poll-records=1000        | rci.refresh.max-poll-records (1000) takes 5000 s",
    })
    void settingThatMakesNoSenseStopsTheStartWithOneSentenceNamingTheKey(String setting, String sentence) throws Exception {
        Run run = start("-D" + setting.trim());

        assertFailedWithOneSentence(run, sentence.trim());
    }

    @Test
    void emptyTokenFileStopsTheStart() throws Exception {
        Path empty = Files.writeString(dir.resolve("token"), "\n");

        Run run = PackagedApp.runToExit(List.of("-Drci.api.token-file=" + empty, "-Drci.poll.enabled=false",
                "-Drci.refresh.enabled=false"), 60);

        assertFailedWithOneSentence(run, "rci.api.token-file " + empty + " is empty");
    }

    @Test
    void durationThatDoesNotParseStopsTheStartNamingTheKey() throws Exception {
        Run run = start("-Drci.api.read-timeout=soon");

        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("rci.api.read-timeout"), run.output());
    }

    @Test
    void misspeltKeyStopsTheStartNamingIt() throws Exception {
        Run run = start("-Drci.poll.intervall=5m");

        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("rci.poll.intervall"), run.output());
    }

    private static Run start(String property) throws Exception {
        return PackagedApp.runToExit(List.of("-Drci.simulator.enabled=true", "-Drci.api.token=sim-token",
                "-Drci.poll.enabled=false", "-Drci.refresh.enabled=false", property), 60);
    }

    private static void assertFailedWithOneSentence(Run run, String sentence) {
        assertEquals(1, run.exitCode(), run.output());
        List<String> lines = run.output().lines().filter(line -> line.startsWith(sentence)).toList();
        assertEquals(1, lines.size(), "one line saying: " + sentence + "\n" + run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace:\n" + run.output());
    }
}

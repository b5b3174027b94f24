package com.rcistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.rcistream.testing.EmbeddedKafka;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;

/**
 * What scripts/demo.sh shows a newcomer: the packaged application in the demo profile, from the repository root as
 * the script runs it, prints its own lines (the sweep page by page and its summary) and none of the frameworks'.
 */
class DemoProfileIT {

    @RegisterExtension
    static EmbeddedKafka kafka = new EmbeddedKafka();

    @Test
    void theDemoShowsTheSweepPageByPageAndItsSummaryWithoutTheFrameworksStartUp() throws Exception {
        Run run = demo(
                "-Drci.simulator.customers=300",
                "-Drci.api.requests-per-minute=600",
                "-Drci.simulator.rate-limit.requests=600");
        List<String> lines = Arrays.asList(run.output().split("\n"));

        assertEquals(0, run.exitCode(), run.output());
        for (int page = 1; page <= 3; page++) {
            String expected = " page " + page + " published; ";
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains(expected)),
                    "a line for page " + page + ":\n" + run.output());
        }
        assertTrue(
                lines.stream().anyMatch(l -> l.matches(".* finished in .*: 3 pages, 300 customers read .*")),
                "the summary:\n" + run.output());
        lines.forEach(line -> assertTrue(
                line.matches("\\d\\d:\\d\\d:\\d\\d (INFO |WARN |ERROR) .*"),
                "only the bundle's own lines, time, level and message: " + line));
        assertTrue(
                lines.stream().noneMatch(l -> l.contains("Apache Camel") || l.contains("Quarkus")),
                "no framework start-up line:\n" + run.output());
        assertTrue(lines.size() <= 30, lines.size() + " lines:\n" + run.output());
    }

    @Test
    void afterItsLastSweepTheApplicationStartsNoOtherWhileItStops() throws Exception {
        // sweeps back to back: the tick after the last one comes while the application is stopping
        Run run = demo(
                "-Drci.simulator.customers=100",
                "-Drci.api.requests-per-minute=6000",
                "-Drci.simulator.rate-limit.requests=6000",
                "-Drci.poll.interval=10ms",
                "-Drci.poll.max-sweeps=2");

        assertEquals(0, run.exitCode(), run.output());
        long sweeps = Arrays.stream(run.output().split("\n"))
                .filter(l -> l.contains(" started at "))
                .count();
        assertEquals(2, sweeps, "rci.poll.max-sweeps=2 and not one more:\n" + run.output());
    }

    /** The demo profile on the test's broker, with these settings besides, run until it exits. */
    private static Run demo(String... settings) throws Exception {
        List<String> properties = new ArrayList<>(List.of(
                "-Dquarkus.profile=demo",
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Dquarkus.http.port=" + KafkaAndHttpPorts.freePort()));
        properties.addAll(List.of(settings));
        return PackagedApp.runToExit(properties, 120);
    }
}

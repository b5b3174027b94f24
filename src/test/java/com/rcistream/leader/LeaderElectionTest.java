package com.rcistream.leader;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

/** The settings leader election checks before Camel sees them: the members' selector and the order of the timings. */
class LeaderElectionTest {

    @Test
    void podSelectorReadsLabelEqualitiesAsKubectlTakesThem() {
        assertEquals(
                Map.of("app.kubernetes.io/name", "rci-stream", "tier", "sweep"),
                LeaderElection.selector("app.kubernetes.io/name=rci-stream, tier=sweep"));
        assertEquals(Map.of(), LeaderElection.selector(""), "no selector: every pod of the namespace");
    }

    @Test
    void podSelectorThatIsNotAListOfEqualitiesStopsTheStartNamingTheKey() {
        for (String wrong : new String[] {"app", "=rci-stream", "app=", "app!=rci-stream", "a=b=c", "app in (a,b)"}) {
            ConfigurationException e =
                    assertThrows(ConfigurationException.class, () -> LeaderElection.selector(wrong), wrong);
            assertTrue(e.getMessage().contains("rci.leader-election.pod-selector"), e.getMessage());
        }
    }

    @Test
    void leaseOutlastsTheRenewDeadlineWhichOutlastsARetryWithItsJitter() {
        assertDoesNotThrow(() ->
                LeaderElection.checkTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertDoesNotThrow(() ->
                LeaderElection.checkTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500)));

        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> LeaderElection.checkTimings(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertTrue(
                e.getMessage().startsWith("rci.leader-election: lease-duration (10000 ms) must be longer than"),
                e.getMessage());
        assertThrows(
                ConfigurationException.class,
                () -> LeaderElection.checkTimings(
                        Duration.ofSeconds(15), Duration.ofMillis(2400), Duration.ofSeconds(2)));
        assertThrows(
                ConfigurationException.class,
                () -> LeaderElection.checkTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO));
    }
}

package com.rcistream.sweep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.simulator.RecordedRequest;
import com.rcistream.simulator.Simulator;
import com.rcistream.testing.KafkaAndHttpPorts;

/** The poll loop as documented: a sweep that overran rci.poll.interval is followed at once, never by two at once. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(PollLoopTest.SweepsLongerThanTheInterval.class)
class PollLoopTest {

    static final String FIRST_PAGE = "/api/v1/customers";

    /** SweepCoordinator every 4 s, of 3 pages that each take 1.6 s to answer: every sweep overruns the interval. */
    public static class SweepsLongerThanTheInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rci.poll.enabled", "true",
                    "rci.poll.interval", "4s",
                    "rci.poll.initial-delay", "100ms",
                    "rci.refresh.enabled", "false",
                    "rci.simulator.customers", "60",
                    "rci.simulator.page-size", "20",
                    "rci.simulator.faults.slow-rate", "1",
                    "rci.simulator.faults.slow-delay", "1600ms");
        }
    }

    @Inject
    Simulator simulator;

    @Test
    void sweepThatOverranTheIntervalIsFollowedAtOnceAndNeverOverlapsTheNext() {
        List<RecordedRequest> requests = await().atMost(Duration.ofSeconds(40))
                .until(
                        simulator::requests,
                        log -> log.stream()
                                        .filter(r -> r.pathAndQuery().equals(FIRST_PAGE))
                                        .count()
                                >= 2);

        int secondStart = indexOfFirstPage(requests, 1);
        RecordedRequest lastOfFirst = requests.get(secondStart - 1);
        RecordedRequest firstOfSecond = requests.get(secondStart);
        assertTrue(secondStart == 3, "the first sweep's three pages, then the second sweep: " + requests);
        long gap = Duration.between(lastOfFirst.time(), firstOfSecond.time()).toMillis();
        // the last page answers 1.6 s after it was asked for; then the sweep ends and the next starts at once
        assertTrue(gap >= 1_600, "the second sweep started before the first had its last page: " + gap + " ms");
        assertTrue(gap < 3_200, "the second sweep waited for a later tick instead of starting at once: " + gap + " ms");
    }

    /** The index in the log of the n-th (from 0) request for the first page. */
    private static int indexOfFirstPage(List<RecordedRequest> requests, int n) {
        int seen = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).pathAndQuery().equals(FIRST_PAGE) && seen++ == n) {
                return i;
            }
        }
        throw new AssertionError("no request " + n + " for the first page in " + requests);
    }
}

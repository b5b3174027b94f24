package com.rcistream.refresh;

import static com.rcistream.testing.Sweep.REFRESH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.simulator.RecordedRequest;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicWriter;

/**
 * A backlog of refresh requests: a thousand queued, each id twice, and a consumer that Kafka evicts after 5 s without
 * a poll. Each id is fetched once, and the sweep that runs meanwhile keeps its share of the budget.
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(RefreshBacklogTest.ShortPollInterval.class)
class RefreshBacklogTest extends SimulatedApiTestBase {

    static final int SPACING_MILLIS = 20;
    static final double SHARE = 0.25;

    /** 3,000 calls a minute (one every 20 ms), refreshes a quarter of them while a sweep runs, 5 s between polls. */
    public static class ShortPollInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rci.api.requests-per-minute", String.valueOf(60_000 / SPACING_MILLIS),
                    "rci.refresh.max-poll-interval", "5s",
                    "rci.refresh.budget-share", String.valueOf(SHARE));
        }
    }

    @Test
    void thousandQueuedRequestsAreEachFetchedOnceAndTheSweepKeepsItsShareOfTheBudget() {
        List<String> ids = simulator.ids().subList(0, 500);
        List<String> twice = new ArrayList<>(ids);
        twice.addAll(ids);
        int before = simulator.requests().size();

        TopicWriter.sendValues(REFRESH, null, twice);
        Sweep sweep = Sweep.run(producer, Duration.ofSeconds(120));

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        assertEquals(10, sweep.progress().pages());
        List<RecordedRequest> during =
                simulator.requests().subList(before, simulator.requests().size());
        RecordedRequest firstPage =
                during.stream().filter(RefreshBacklogTest::isPage).findFirst().orElseThrow();
        RecordedRequest lastPage = during.stream()
                .filter(RefreshBacklogTest::isPage)
                .reduce((a, b) -> b)
                .orElseThrow();
        long windowMillis = Duration.between(firstPage.time(), lastPage.time()).toMillis();
        long refreshesDuringSweep = during.stream()
                .filter(r -> !isPage(r))
                .filter(r -> !r.time().isBefore(firstPage.time()) && !r.time().isAfter(lastPage.time()))
                .count();
        long allowed = windowMillis / Math.round(SPACING_MILLIS / SHARE) + 3;
        assertTrue(
                refreshesDuringSweep <= allowed,
                refreshesDuringSweep + " refreshes in the " + windowMillis + " ms of the sweep: more than its share ("
                        + allowed + ")");

        await().atMost(Duration.ofSeconds(90))
                .until(() -> fetchesPerCustomer(before).size() == ids.size());
        await().during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(15))
                .until(() -> fetchesPerCustomer(before).values().stream().allMatch(n -> n == 1));
        assertEquals(
                ids.stream().map(id -> "/api/v1/customers/" + id).collect(Collectors.toSet()),
                fetchesPerCustomer(before).keySet(),
                "every id asked for, once each");
    }

    private Map<String, Long> fetchesPerCustomer(int before) {
        return simulator.requests().subList(before, simulator.requests().size()).stream()
                .filter(r -> !isPage(r))
                .collect(Collectors.groupingBy(RecordedRequest::pathAndQuery, Collectors.counting()));
    }

    private static boolean isPage(RecordedRequest request) {
        return !request.pathAndQuery().startsWith("/api/v1/customers/");
    }
}

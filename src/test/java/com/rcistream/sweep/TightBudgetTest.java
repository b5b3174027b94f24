package com.rcistream.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.exchange.SweepProgress;
import com.rcistream.simulator.RecordedRequest;
import com.rcistream.simulator.Simulator;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.TopicReader;

/** The bundle's throttle and the API's limiter at the same small budget: a sweep longer than one window sees no 429. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(TightBudgetTest.SixPerThreeSeconds.class)
class TightBudgetTest {

    /**
     * 120 a minute on both sides, in windows of 3 s: a sweep of 10 pages outlasts one. The 60 ms margin keeps the
     * seventh call 360 ms clear of the first's window (20 in 10 s with a 20 ms margin left it 400 ms clear).
     */
    public static class SixPerThreeSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rci.simulator.rate-limit.requests", "6",
                    "rci.simulator.rate-limit.window", "3s",
                    "rci.simulator.customers", "100",
                    "rci.simulator.page-size", "10",
                    "rci.api.requests-per-minute", "120",
                    "rci.api.spacing-margin", "60ms");
        }
    }

    @Inject
    ProducerTemplate producer;

    @Inject
    Simulator simulator;

    @Test
    void sweepLongerThanOneWindowUsesTheBudgetWithoutA429() {
        Map<Integer, Long> before = TopicReader.endOffsets("rci.customers");
        SweepProgress sweep = producer.requestBody("direct:sweep", null, SweepProgress.class);

        assertFalse(sweep.failed(), sweep.summary());
        assertEquals(10, sweep.pages(), "10 pages: more requests than the 6 one window holds");
        assertEquals(0, simulator.tooManyRequestsSent(), "the API never had to answer 429");
        Set<String> keys = TopicReader.readFrom("rci.customers", before).stream()
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(simulator.ids()), keys);
    }

    @Test
    void withKafkaTwentyMillisecondsAwayTheSweepStillCallsTheApiAtTheThrottlesPace() {
        simulator.reset();
        simulator.setCustomers(800);
        simulator.setPageSize(100);
        KafkaAndHttpPorts.kafkaLatency().oneWayMillis(10);
        try {
            SweepProgress sweep = producer.requestBody("direct:sweep", null, SweepProgress.class);

            assertFalse(sweep.failed(), sweep.summary());
            List<Instant> calls =
                    simulator.requests().stream().map(RecordedRequest::time).toList();
            assertEquals(8, calls.size(), "one request a page");
            double meanGapMillis =
                    Duration.between(calls.get(0), calls.get(calls.size() - 1)).toMillis() / 7.0;
            // 560 ms apart at 120 a minute; each page's 600 records one after the other would take 12 s at 20 ms each
            assertTrue(meanGapMillis < 800, "API calls " + meanGapMillis + " ms apart on average: " + sweep.summary());
        } finally {
            KafkaAndHttpPorts.kafkaLatency().oneWayMillis(0);
            simulator.reset();
        }
    }

    @Test
    void pagesArePublishedWhileTheWalkGoesOnAndCheckpointedInPageOrder() throws Exception {
        simulator.reset();
        simulator.setCustomers(60);
        simulator.setPageSize(10);
        Map<Integer, Long> stateBefore = TopicReader.endOffsets("rci.customers.state");
        // 300 ms a round trip: a page takes at least five of them (the customer's records one after the other, its
        // fingerprint, the checkpoint), so pages published one after another would put calls 1.5 s apart or more
        KafkaAndHttpPorts.kafkaLatency().oneWayMillis(150);
        SweepProgress sweep;
        List<RecordedRequest> calls;
        try {
            sweep = producer.requestBody("direct:sweep", null, SweepProgress.class);
            calls = simulator.requests();
        } finally {
            KafkaAndHttpPorts.kafkaLatency().oneWayMillis(0);
            simulator.reset();
        }

        assertFalse(sweep.failed(), sweep.summary());
        assertEquals(6, calls.size(), "one request a page");
        double meanGapMillis =
                Duration.between(calls.get(0).time(), calls.get(5).time()).toMillis() / 5.0;
        assertTrue(meanGapMillis < 1_500, "API calls " + meanGapMillis + " ms apart on average: " + sweep.summary());

        List<String> cursors =
                calls.stream().map(call -> cursor(call.pathAndQuery())).toList();
        List<ConsumerRecord<String, String>> checkpoints = TopicReader.readFrom("rci.customers.state", stateBefore);
        List<Integer> pagesCheckpointed = checkpoints.stream()
                .filter(r -> r.value() != null)
                .map(r -> cursors.indexOf(cursor(r.value())))
                .toList();
        assertFalse(pagesCheckpointed.isEmpty(), "checkpoints written: " + checkpoints);
        assertTrue(
                calls.get(1).time().toEpochMilli() < checkpoints.get(0).timestamp(),
                "the second page was fetched before the first was checkpointed: the walk did not wait for Kafka");
        for (int i = 0; i < pagesCheckpointed.size(); i++) {
            assertTrue(
                    pagesCheckpointed.get(i) > (i == 0 ? 0 : pagesCheckpointed.get(i - 1)),
                    "checkpoints name pages of the walk, in its order: " + pagesCheckpointed);
        }
        assertTrue(pagesCheckpointed.size() >= 2, "the checkpoint moved as pages were published: " + pagesCheckpointed);
        assertEquals(null, checkpoints.get(checkpoints.size() - 1).value(), "then the finished sweep clears it");
    }

    /** The cursor a list URL or a checkpoint names, or "" for the first page. */
    private static String cursor(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cursor(?:%5D|\\])=([A-Za-z0-9_-]+)")
                .matcher(text);
        return m.find() ? m.group(1) : "";
    }
}

package com.rcistream.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;

/**
 * The packaged application stopped with SIGTERM (a rollout) while pages are being published, Kafka 100 ms away so
 * that the window is full: it stops within its budget, its checkpoint never passes a customer that is not on
 * rci.customers, and the next process publishes the rest, repeating at most the pages that were in flight (with
 * rci.emit=all, so that a repeated page cannot hide as unchanged).
 */
class StopMidPageIT {

    static final int CUSTOMERS = 600;
    static final int PAGE = 20;
    static final int PAGES_IN_FLIGHT = 4;
    /** Well inside Camel's 45 s shutdown timeout: the pages in flight need a few round trips each, not a sweep. */
    static final int STOP_BUDGET_SECONDS = 15;

    static final Pattern CURSOR = Pattern.compile("page(?:\\[|%5B)cursor(?:]|%5D)=([A-Za-z0-9_-]+)");
    static final KafkaAndHttpPorts kafka = new KafkaAndHttpPorts();

    @BeforeAll
    static void startKafka() {
        kafka.start();
        KafkaAndHttpPorts.kafkaLatency().oneWayMillis(100);
    }

    @AfterAll
    static void stopKafka() {
        kafka.stop();
    }

    @Test
    void sigtermMidPagePublishesOrRepeatsThePagesInFlightAndLosesNoCustomer() throws Exception {
        // the API in a process of its own, so that it goes on answering while the bundle stops, as the real one does
        int apiPort = KafkaAndHttpPorts.freePort();
        Started api = PackagedApp.start(List.of(
                "-Dquarkus.http.port=" + apiPort,
                "-Dkafka.bootstrap.servers=" + KafkaAndHttpPorts.bootstrapServers(),
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE,
                "-Drci.simulator.rate-limit.requests=600",
                "-Drci.poll.enabled=false",
                "-Drci.refresh.enabled=false"));
        try {
            stopMidPage(List.of(
                    "-Dquarkus.http.port=" + KafkaAndHttpPorts.freePort(),
                    "-Dkafka.bootstrap.servers=" + KafkaAndHttpPorts.bootstrapServers(),
                    "-Drci.api.base-url=http://127.0.0.1:" + apiPort + "/api/v1",
                    "-Drci.api.token=sim-token",
                    "-Drci.api.requests-per-minute=600",
                    "-Drci.poll.initial-delay=100ms",
                    "-Drci.poll.max-sweeps=1",
                    "-Drci.refresh.enabled=false",
                    "-Drci.publish.pages-in-flight=" + PAGES_IN_FLIGHT,
                    "-Drci.emit=all"));
        } finally {
            api.process().destroyForcibly();
            api.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void stopMidPage(List<String> props) throws Exception {
        Started first = PackagedApp.start(props);
        long stopAsked;
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !first.process().isAlive()
                            || TopicReader.readAll("rci.customers").size() >= CUSTOMERS / 4);
            assertTrue(first.process().isAlive(), "the sweep ended before the stop:\n" + first.output());
            stopAsked = System.nanoTime();
            first.process().destroy(); // SIGTERM: Quarkus' shutdown hook stops Camel gracefully
            assertTrue(
                    first.process().waitFor(STOP_BUDGET_SECONDS, TimeUnit.SECONDS),
                    "no exit within " + STOP_BUDGET_SECONDS + " s of SIGTERM:\n" + first.output());
        } finally {
            first.process().destroyForcibly();
        }
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAsked);
        String firstOutput = first.output();
        assertTrue(firstOutput.contains(" STOPPED ("), "the sweep's summary says it stopped:\n" + firstOutput);
        assertTrue(firstOutput.contains("rci-stream stopped in"), "Quarkus' clean stop:\n" + firstOutput);
        List<ConsumerRecord<String, String>> firstRecords = TopicReader.readAll("rci.customers");
        Set<String> firstKeys = firstRecords.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertTrue(firstKeys.size() < CUSTOMERS, "stopped in the middle, not after the end: " + firstKeys.size());
        List<Integer> checkpoints = checkpointOffsets();
        assertTrue(!checkpoints.isEmpty(), "the first process checkpointed nothing:\n" + firstOutput);

        Run second = PackagedApp.runToExit(props, 60);
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("resumes from the checkpoint"), second.output());

        List<ConsumerRecord<String, String>> all = TopicReader.readAll("rci.customers");
        List<String> inListOrder = all.stream()
                .map(ConsumerRecord::key)
                .distinct()
                .sorted(Comparator.comparing(Long::parseLong)) // the simulator's ids grow with their position
                .toList();
        assertEquals(CUSTOMERS, inListOrder.size(), "every customer is on rci.customers");
        for (int offset : checkpoints) {
            List<String> missing = inListOrder.subList(0, offset).stream()
                    .filter(id -> !firstKeys.contains(id))
                    .toList();
            assertTrue(
                    missing.isEmpty(),
                    "a checkpoint at customer " + offset + " passed customers not on rci.customers: " + missing);
        }
        long republished = all.subList(firstRecords.size(), all.size()).stream()
                .filter(r -> firstKeys.contains(r.key()))
                .count();
        assertTrue(
                republished <= (long) PAGES_IN_FLIGHT * PAGE,
                "at most the pages in flight published again: " + republished + " customers (stop took " + stopMillis
                        + " ms)");
    }

    /**
     * The list position each checkpoint on the state topic points at, oldest first. The simulator's cursor is base64url
     * of a format byte and three ints (generation, page index, offset), then a MAC.
     */
    private static List<Integer> checkpointOffsets() {
        List<Integer> offsets = new ArrayList<>();
        for (ConsumerRecord<String, String> record : TopicReader.readAll("rci.customers.state")) {
            if (record.value() == null || !record.key().startsWith("checkpoint:")) {
                continue;
            }
            Matcher cursor = CURSOR.matcher(record.value());
            assertTrue(cursor.find(), "a checkpoint without a cursor: " + record.value());
            offsets.add(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor.group(1)))
                    .getInt(1 + 4 + 4));
        }
        return offsets;
    }
}

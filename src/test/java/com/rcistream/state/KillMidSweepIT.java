package com.rcistream.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;

/**
 * The packaged application killed with SIGKILL in the middle of a sweep and started again: it resumes from the
 * checkpoint in Kafka, every customer lands, and at most the pages in flight are published twice (with rci.emit=all,
 * so that a page published again cannot hide as unchanged).
 */
class KillMidSweepIT {

    static final int CUSTOMERS = 600;
    static final int PAGE = 20;
    static final int PAGES_IN_FLIGHT = 3;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startKafka() {
        broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
    }

    @AfterAll
    static void stopKafka() {
        broker.close();
    }

    @Test
    void killedMidSweepResumesFromTheCheckpointWithEveryCustomerAndAtMostThePagesInFlightTwice() throws Exception {
        int port = KafkaAndHttpPorts.freePort();
        List<String> props = List.of(
                "-Dkafka.bootstrap.servers=" + broker.getAdvertisedListeners(),
                "-Dquarkus.http.port=" + port,
                "-Drci.api.base-url=http://127.0.0.1:" + port + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE,
                "-Drci.poll.initial-delay=100ms",
                "-Drci.refresh.enabled=false",
                "-Drci.publish.pages-in-flight=" + PAGES_IN_FLIGHT,
                // every customer is published, so a page fetched again shows as duplicates: with change detection
                // a repeated page would be skipped as unchanged, whatever the resume point
                "-Drci.emit=all");

        // 240 calls a minute: the first process is still in the middle of its sweep when it is killed; the later
        // ones are waited for to the end, so they may go as fast as the simulator allows
        List<String> slow = new ArrayList<>(props);
        slow.addAll(budget(240));
        Started first = PackagedApp.start(slow);
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !first.process().isAlive()
                            || TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers")
                                            .size()
                                    >= CUSTOMERS / 3);
            assertTrue(first.process().isAlive(), "the application died by itself:\n" + first.output());
        } finally {
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        int beforeRestart = TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers")
                .size();
        assertTrue(beforeRestart < CUSTOMERS, "killed in the middle, not after the end: " + beforeRestart);

        List<String> again = new ArrayList<>(props);
        again.addAll(budget(3000));
        again.add("-Drci.poll.max-sweeps=1");
        Run second = PackagedApp.runToExit(again, 120);

        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("resumes from the checkpoint"), second.output());
        List<ConsumerRecord<String, String>> all =
                TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers");
        Set<String> keys = all.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(CUSTOMERS, keys.size(), "every customer is on rci.customers");
        assertTrue(
                all.size() - CUSTOMERS <= PAGES_IN_FLIGHT * PAGE,
                "at most the pages in flight twice: " + (all.size() - CUSTOMERS) + " duplicates");

        // A third process, a real restart with change detection: the fingerprints come back from Kafka, so unchanged
        // data publishes nothing; one customer more is the only one published, and the only change event (issue 19):
        // the kill, the resumed sweep and the restart made none, the baseline came back from Kafka too.
        List<String> changesOnly = new ArrayList<>(again);
        changesOnly.set(changesOnly.indexOf("-Drci.emit=all"), "-Drci.emit=changes");
        changesOnly.set(
                changesOnly.indexOf("-Drci.simulator.customers=" + CUSTOMERS),
                "-Drci.simulator.customers=" + (CUSTOMERS + 1));
        Run third = PackagedApp.runToExit(changesOnly, 120);
        assertEquals(0, third.exitCode(), third.output());
        assertTrue(third.output().contains("loaded " + CUSTOMERS + " customer fingerprints"), third.output());
        assertEquals(
                all.size() + 1,
                TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers")
                        .size(),
                "no customer published again after a restart, the one added once");
        List<ConsumerRecord<String, String>> events =
                TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers.changes").stream()
                        .filter(r -> r.value() != null)
                        .toList();
        assertEquals(1, events.size(), "one change event, the added customer's: " + events);
        assertTrue(events.get(0).value().contains("\"new\":true"), events.get(0).value());
        assertFalse(
                keys.contains(events.get(0).key()),
                "the customer added: " + events.get(0).key());
    }

    /** The simulator's limit and the bundle's throttle, both at this many calls a minute. */
    private static List<String> budget(int perMinute) {
        return List.of(
                "-Drci.simulator.rate-limit.requests=" + perMinute, "-Drci.api.requests-per-minute=" + perMinute);
    }
}

package com.rcistream.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.TopicReader;

/**
 * The broker stops in the middle of a sweep for longer than the producer's delivery timeout: the sweep stops without
 * moving the checkpoint past a page it did not publish, and the next sweep resumes there and publishes the rest.
 */
class BrokerDownMidSweepIT {

    static final Pattern STOPPED = Pattern.compile("sweep (\\S+) STOPPED");
    static final Pattern STARTED = Pattern.compile("sweep \\S+ (started|resumes)");

    @TempDir
    Path logDir;

    @Test
    void sweepStoppedByTheBrokerLeavesTheCheckpointAtItsLastPublishedPageAndTheNextSweepPublishesTheRest()
            throws Exception {
        try (OutageSweep sweep = new OutageSweep(
                logDir,
                List.of(
                        // the failed sweep ends before the next starts, by when the broker is back: it stops about
                        // a delivery timeout after the outage began (10 to 16 s into the sweep), the broker is back
                        // some 3.5 s later (testing/RestartableBroker), and the next sweep starts 25 s after the first
                        // began (was 30 s with restarts of 10 s)
                        "-Drci.poll.interval=25s",
                        "-Drci.poll.max-sweeps=2",
                        // the outage outlasts what the producer waits for a record: the sweep fails instead of
                        // waiting it out
                        "-Dcamel.component.kafka.request-timeout-ms=3000",
                        "-Dcamel.component.kafka.delivery-timeout-ms=6000",
                        "-Dcamel.component.kafka.max-block-ms=6000"))) {
            Process app = sweep.app.process();
            String bootstrap = sweep.broker.bootstrapServers();
            sweep.stopTheBrokerMidSweep();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> STOPPED.matcher(sweep.output()).find() || !app.isAlive());
            Matcher stopped = STOPPED.matcher(sweep.output());
            assertTrue(stopped.find(), "the sweep did not stop on the outage:\n" + sweep.output());
            String failedSweep = stopped.group(1);
            sweep.broker.start();
            assertEquals(
                    1,
                    STARTED.matcher(sweep.output()).results().count(),
                    "the broker is back before the next sweep starts:\n" + sweep.output());

            assertTrue(app.waitFor(180, TimeUnit.SECONDS), "the next sweep did not end:\n" + sweep.output());
            String output = sweep.output();
            assertTrue(output.contains("resumes from the checkpoint"), output);
            assertTrue(Pattern.compile("sweep \\S+ finished").matcher(output).find(), output);

            // every checkpoint the failed sweep wrote stands after pages it published: the customers of that sweep on
            // rci.customers fill at least as many pages as it wrote checkpoints
            ObjectMapper mapper = new ObjectMapper();
            long checkpoints = TopicReader.readAll(bootstrap, "rci.customers.state").stream()
                    .filter(r -> r.value() != null)
                    .filter(r -> failedSweep.equals(
                            read(mapper, r.value()).path("sweep_id").asText()))
                    .count();
            assertTrue(checkpoints > 0, "the failed sweep checkpointed its first pages:\n" + output);
            List<ConsumerRecord<String, String>> customers = TopicReader.readAll(bootstrap, "rci.customers");
            long publishedByFailedSweep = customers.stream()
                    .filter(r -> failedSweep.equals(header(r, "rci_sweep_id")))
                    .map(ConsumerRecord::key)
                    .distinct()
                    .count();
            assertTrue(
                    publishedByFailedSweep >= checkpoints * OutageSweep.PAGE_SIZE,
                    checkpoints + " checkpoints but " + publishedByFailedSweep + " customers published by sweep "
                            + failedSweep);
            Set<String> keys = customers.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertEquals(OutageSweep.CUSTOMERS, keys.size(), "every customer is on rci.customers");
            assertEquals(0, app.exitValue(), "the last sweep finished:\n" + output);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode read(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }
}

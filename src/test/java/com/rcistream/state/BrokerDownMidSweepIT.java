package com.rcistream.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;

/**
 * The broker stops in the middle of a sweep for longer than the producer's delivery timeout: the sweep stops without
 * moving the checkpoint past a page it did not publish, and the next sweep resumes there and publishes the rest.
 */
class BrokerDownMidSweepIT {

    static final int CUSTOMERS = 400;
    static final int PAGE_SIZE = 20;
    static final Pattern STOPPED = Pattern.compile("sweep (\\S+) STOPPED");

    @TempDir
    Path logDir;

    @Test
    void sweepStoppedByTheBrokerLeavesTheCheckpointAtItsLastPublishedPageAndTheNextSweepPublishesTheRest()
            throws Exception {
        int kafkaPort = KafkaAndHttpPorts.freePort();
        int controllerPort = KafkaAndHttpPorts.freePort();
        String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        EmbeddedKafkaBroker broker = broker(kafkaPort, controllerPort, clusterId);
        String bootstrap = "localhost:" + kafkaPort;
        int httpPort = KafkaAndHttpPorts.freePort();
        Started app = PackagedApp.start(List.of(
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.http.port=" + httpPort,
                "-Drci.api.base-url=http://127.0.0.1:" + httpPort + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE_SIZE,
                "-Drci.simulator.rate-limit.requests=120",
                "-Drci.api.requests-per-minute=120",
                "-Drci.poll.initial-delay=100ms",
                // the failed sweep ends long before the next starts, by when the broker is back: it stops about a
                // delivery timeout after the outage began (some 10 s into the sweep), the broker is back a few seconds
                // later, and the next sweep starts 30 s after the first began (was 45 s with timeouts twice as long)
                "-Drci.poll.interval=30s",
                "-Drci.poll.max-sweeps=2",
                "-Drci.refresh.enabled=false",
                // the outage outlasts what the producer waits for a record: the sweep fails instead of waiting it out
                "-Dcamel.component.kafka.request-timeout-ms=3000",
                "-Dcamel.component.kafka.delivery-timeout-ms=6000",
                "-Dcamel.component.kafka.max-block-ms=6000"));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !app.process().isAlive()
                            || TopicReader.readAll(bootstrap, "rci.customers").size() >= CUSTOMERS / 4);
            assertTrue(app.process().isAlive(), "the sweep ended before the outage:\n" + app.output());
            broker.close();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> STOPPED.matcher(app.output()).find()
                            || !app.process().isAlive());
            Matcher stopped = STOPPED.matcher(app.output());
            assertTrue(stopped.find(), "the sweep did not stop on the outage:\n" + app.output());
            String failedSweep = stopped.group(1);
            broker = broker(kafkaPort, controllerPort, clusterId);

            assertTrue(app.process().waitFor(180, TimeUnit.SECONDS), "the next sweep did not end:\n" + app.output());
            String output = app.output();
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
                    publishedByFailedSweep >= checkpoints * PAGE_SIZE,
                    checkpoints + " checkpoints but " + publishedByFailedSweep + " customers published by sweep "
                            + failedSweep);
            Set<String> keys = customers.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertEquals(CUSTOMERS, keys.size(), "every customer is on rci.customers");
            assertEquals(0, app.process().exitValue(), "the last sweep finished:\n" + output);
        } finally {
            app.process().destroyForcibly();
            broker.close();
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

    private EmbeddedKafkaBroker broker(int kafkaPort, int controllerPort, String clusterId) throws Exception {
        Files.createDirectories(logDir);
        return new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> p.put("log.dirs", logDir.toString()))
                .start();
    }
}

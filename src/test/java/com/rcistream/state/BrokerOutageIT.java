package com.rcistream.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/** The broker stops in the middle of a sweep and comes back on the same address with its data: nothing is lost. */
class BrokerOutageIT {

    static final int CUSTOMERS = 400;

    @TempDir
    Path logDir;

    @Test
    void brokerStoppedAndRestartedMidSweepLosesNoCustomer() throws Exception {
        int kafkaPort = freePort();
        int controllerPort = freePort();
        String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        EmbeddedKafkaBroker broker = broker(kafkaPort, controllerPort, clusterId);
        String bootstrap = "localhost:" + kafkaPort;
        int httpPort = freePort();
        Started app = PackagedApp.start(List.of(
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.http.port=" + httpPort,
                "-Drci.api.base-url=http://127.0.0.1:" + httpPort + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=20",
                "-Drci.simulator.rate-limit.requests=120",
                "-Drci.api.requests-per-minute=120",
                "-Drci.poll.initial-delay=0.1s",
                "-Drci.poll.max-sweeps=1",
                "-Drci.refresh.enabled=false"));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !app.process().isAlive() || records(bootstrap).size() >= CUSTOMERS / 4);
            assertTrue(app.process().isAlive(), "the sweep ended before the outage:\n" + app.output());
            broker.close();
            // the outage lasts until the application has noticed it (its producer cannot reach the broker)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.output().contains("could not be established") || !app.process().isAlive());
            broker = broker(kafkaPort, controllerPort, clusterId);

            assertTrue(app.process().waitFor(180, TimeUnit.SECONDS), "the sweep did not end:\n" + app.output());
            assertEquals(0, app.process().exitValue(), app.output());
            Set<String> keys = records(bootstrap).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertEquals(CUSTOMERS, keys.size(), "every customer is on rci.customers");
        } finally {
            app.process().destroyForcibly();
            broker.close();
        }
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

    private static List<ConsumerRecord<String, String>> records(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            if (!consumer.listTopics(Duration.ofSeconds(10)).containsKey("rci.customers")) {
                return List.of();
            }
            List<TopicPartition> parts = consumer.partitionsFor("rci.customers", Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition("rci.customers", i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

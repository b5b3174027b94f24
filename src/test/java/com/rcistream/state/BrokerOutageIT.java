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
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;

/** The broker stops in the middle of a sweep and comes back on the same address with its data: nothing is lost. */
class BrokerOutageIT {

    static final int CUSTOMERS = 400;

    @TempDir
    Path logDir;

    @Test
    void brokerStoppedAndRestartedMidSweepLosesNoCustomer() throws Exception {
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
                "-Drci.simulator.page-size=20",
                "-Drci.simulator.rate-limit.requests=120",
                "-Drci.api.requests-per-minute=120",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.poll.max-sweeps=1",
                "-Drci.refresh.enabled=false"));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !app.process().isAlive()
                            || TopicReader.readAll(bootstrap, "rci.customers").size() >= CUSTOMERS / 4);
            assertTrue(app.process().isAlive(), "the sweep ended before the outage:\n" + app.output());
            broker.close();
            // the outage lasts until the application has noticed it (its producer cannot reach the broker)
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> app.output().contains("could not be established")
                            || !app.process().isAlive());
            broker = broker(kafkaPort, controllerPort, clusterId);

            assertTrue(app.process().waitFor(180, TimeUnit.SECONDS), "the sweep did not end:\n" + app.output());
            assertEquals(0, app.process().exitValue(), app.output());
            Set<String> keys = TopicReader.readAll(bootstrap, "rci.customers").stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
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
}

package com.rcistream.state;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.RestartableBroker;
import com.rcistream.testing.TopicReader;

/**
 * The set-up BrokerOutageIT and BrokerDownMidSweepIT share: the packaged application sweeping 400 simulated customers
 * (20 a page, 120 calls a minute: some 10 s a sweep) into a broker that the test stops once a quarter of them landed
 * and starts again with its data.
 */
final class OutageSweep implements AutoCloseable {

    static final int CUSTOMERS = 400;
    static final int PAGE_SIZE = 20;

    final RestartableBroker broker;
    final Started app;

    /** Starts the broker and the application, with the test's own system properties added. */
    OutageSweep(Path logDir, List<String> systemProperties) throws IOException {
        broker = new RestartableBroker(logDir);
        int httpPort = KafkaAndHttpPorts.freePort();
        List<String> properties = new ArrayList<>(List.of(
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dquarkus.http.port=" + httpPort,
                "-Drci.api.base-url=http://127.0.0.1:" + httpPort + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE_SIZE,
                "-Drci.simulator.rate-limit.requests=120",
                "-Drci.api.requests-per-minute=120",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.refresh.enabled=false"));
        properties.addAll(systemProperties);
        Started started;
        try {
            started = PackagedApp.start(properties);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        app = started;
    }

    /** Stops the broker once a quarter of the customers are on rci.customers, while the sweep still runs. */
    void stopTheBrokerMidSweep() throws IOException {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !app.process().isAlive()
                        || TopicReader.readAll(broker.bootstrapServers(), "rci.customers")
                                        .size()
                                >= CUSTOMERS / 4);
        assertTrue(app.process().isAlive(), "the sweep ended before the outage:\n" + app.output());
        broker.stop();
    }

    /** The application's output so far. */
    String output() throws IOException {
        return app.output();
    }

    @Override
    public void close() {
        app.process().destroyForcibly();
        broker.close();
    }
}

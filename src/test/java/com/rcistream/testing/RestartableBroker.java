package com.rcistream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A KRaft broker that can be stopped and started again on the same address with its data (the same ports, cluster id
 * and log directory), for the tests of an outage. Its session timeout is 3 s, not 9: a broker started again registers
 * once its previous session has expired, which otherwise took some 10 s of every restart.
 */
public final class RestartableBroker implements AutoCloseable {

    private final Path logDir;
    private final int kafkaPort = KafkaAndHttpPorts.freePort();
    private final int controllerPort = KafkaAndHttpPorts.freePort();
    private final String clusterId =
            UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    private EmbeddedKafkaBroker broker;

    /** Starts a broker keeping its data in the directory (which the caller owns). */
    public RestartableBroker(Path logDir) {
        this.logDir = logDir;
        start();
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** Stops the broker; its data stays. */
    public void stop() {
        broker.close();
        broker = null;
    }

    /** Starts the broker again, on the same address with the same data. */
    public void start() {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dirs", logDir.toString());
                    p.put("broker.session.timeout.ms", "3000");
                    p.put("broker.heartbeat.interval.ms", "500");
                })
                .start();
    }

    @Override
    public void close() {
        if (broker != null) {
            stop();
        }
    }
}

package com.rcistream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft broker in the test JVM, and a free HTTP port for the application, whose simulator the
 * bundle then calls over real HTTP. Both are chosen at random so that tests never collide on fixed ports.
 */
public class KafkaAndHttpPorts implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(freePort())
                .withDeleteLogDirsOnClose(true)
                .start();
        int httpPort = freePort();
        return Map.of(
                "kafka.bootstrap.servers", broker.getAdvertisedListeners(),
                "quarkus.http.test-port", String.valueOf(httpPort),
                "rci.api.base-url", "http://127.0.0.1:" + httpPort + "/api/v1");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker's bootstrap address. */
    public static String bootstrapServers() {
        return broker.getAdvertisedListeners();
    }

    /** A port nothing listens on now, chosen by the OS. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

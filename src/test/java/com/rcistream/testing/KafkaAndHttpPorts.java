package com.rcistream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft broker in the test JVM, and a free HTTP port for the application, whose simulator the
 * bundle then calls over real HTTP. Both are chosen at random so that tests never collide on fixed ports. Clients
 * reach the broker through a {@link LatencyProxy} (the broker advertises the proxy's port), which adds no delay until
 * a test asks for one with {@link #kafkaLatency()}.
 */
public class KafkaAndHttpPorts implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafkaBroker broker;
    private static volatile LatencyProxy proxy;

    @Override
    public Map<String, String> start() {
        int kafkaPort = freePort();
        // the proxy binds a port of its own before the broker starts: a port only reserved by freePort() could be
        // taken meanwhile by one of the broker's own listeners (seen once: "Address already in use")
        proxy = new LatencyProxy(0, kafkaPort, 0);
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withAdvertisedListeners("PLAINTEXT://127.0.0.1:" + proxy.port())
                .withDeleteLogDirsOnClose(true)
                .start();
        int httpPort = freePort();
        return Map.of(
                "kafka.bootstrap.servers",
                bootstrapServers(),
                "quarkus.http.test-port",
                String.valueOf(httpPort),
                "rci.api.base-url",
                "http://127.0.0.1:" + httpPort + "/api/v1",
                // Camel stops a Kafka consumer once its poll returns: 5 s by default, which every stop of Quarkus
                // between two test profiles waited for; records still end a poll at once
                "camel.component.kafka.poll-timeout-ms",
                "500");
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker's bootstrap address: the latency proxy in front of it. */
    public static String bootstrapServers() {
        return "127.0.0.1:" + proxy.port();
    }

    /** The link between every client and the broker, whose delay a test may set (and must set back to 0). */
    public static LatencyProxy kafkaLatency() {
        return proxy;
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

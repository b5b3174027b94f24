package com.rcistream.testing;

import java.util.HashMap;
import java.util.Map;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real KRaft broker that admits only clients who log in with SASL/PLAIN, as a managed cluster does: user
 * {@link #USER} with {@link #PASSWORD}, on a random port of 127.0.0.1.
 */
public final class SaslBroker implements AutoCloseable {

    public static final String USER = "rci-stream";
    public static final String PASSWORD = "s3cret-kafka-Pa55";
    private static final String ADMIN_PASSWORD = "broker-admin-secret";

    private final EmbeddedKafkaBroker broker;
    private final int port;

    public SaslBroker() {
        port = KafkaAndHttpPorts.freePort();
        int controllerPort = KafkaAndHttpPorts.freePort();
        broker = new EmbeddedKafkaBroker().withKafkaPort(port).withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
                    props.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
                    props.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
                    props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
                    props.put("sasl.enabled.mechanisms", "PLAIN");
                    props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                    props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas("admin", ADMIN_PASSWORD)
                            .replace(";", " user_admin=\"" + ADMIN_PASSWORD + "\" user_" + USER + "=\"" + PASSWORD + "\";"));
                })
                .start();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The JAAS line a client logs in with. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Kafka client properties that log in as the given user. */
    public Map<String, Object> client(String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", jaas(user, password));
        return props;
    }

    @Override
    public void close() {
        broker.close();
    }
}

package com.rcistream.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.awaitility.Awaitility;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real KRaft broker on a random port of 127.0.0.1 that admits only clients secured the way production clusters ask:
 * SASL/PLAIN (a managed cluster's API key), SCRAM-SHA-512 over TLS, or TLS alone, one-way (the client checks the
 * broker's certificate against a private CA) or mutual (the broker also requires the client's certificate). The
 * one listener clients reach is also the inter-broker one; the controller listener is plaintext.
 */
public final class SecuredBroker implements AutoCloseable {

    /** The bundle's login for SASL/PLAIN and SCRAM. */
    public static final String USER = "rci-stream";

    public static final String PASSWORD = "s3cret-kafka-Pa55";
    private static final String ADMIN_PASSWORD = "broker-admin-secret";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final EmbeddedKafkaBroker broker;
    private final int port;
    private final Map<String, Object> security;

    private SecuredBroker(String protocol, Map<String, Object> security, Consumer<Properties> listener) {
        this.security = security;
        port = KafkaAndHttpPorts.freePort();
        int controllerPort = KafkaAndHttpPorts.freePort();
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put(
                            "listeners",
                            protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
                    props.put("advertised.listeners", protocol + "://127.0.0.1:" + port);
                    props.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
                    props.put("inter.broker.listener.name", protocol);
                    listener.accept(props);
                })
                .start();
    }

    /** SASL_PLAINTEXT with PLAIN: {@link #USER} logs in with {@link #PASSWORD}. */
    public static SecuredBroker saslPlain() {
        return new SecuredBroker(
                "SASL_PLAINTEXT", Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"), props -> {
                    props.put("sasl.enabled.mechanisms", "PLAIN");
                    props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                    props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", brokerPlainLogins(true));
                });
    }

    /**
     * SASL_SSL with SCRAM-SHA-512: {@link #USER}'s SCRAM credential is created once the broker runs (the broker keeps
     * it in its metadata, as Admin#alterUserScramCredentials or kafka-configs.sh write it), and PLAIN admits only the
     * broker's own inter-broker login, so the bundle gets in by SCRAM or not at all. Clients trust the CA.
     */
    public static SecuredBroker scramOverTls(TestCertificates certs) {
        Map<String, Object> security = new HashMap<>(trusting(certs));
        security.put("security.protocol", "SASL_SSL");
        security.put("sasl.mechanism", "SCRAM-SHA-512");
        SecuredBroker scram = new SecuredBroker("SASL_SSL", security, props -> {
            brokerTls(props, certs);
            props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
            props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            props.put("listener.name.sasl_ssl.plain.sasl.jaas.config", brokerPlainLogins(false));
            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", SCRAM_LOGIN + " required;");
        });
        try {
            scram.createScramUser();
        } catch (RuntimeException e) {
            scram.close();
            throw e;
        }
        return scram;
    }

    /** SSL: one-way (clients trust the CA) or mutual (the broker also requires a client certificate the CA signed). */
    public static SecuredBroker tls(TestCertificates certs, boolean mutual) {
        Map<String, Object> security = new HashMap<>(trusting(certs));
        security.put("security.protocol", "SSL");
        if (mutual) {
            security.put("ssl.keystore.location", certs.clientKeystore().toString());
            security.put("ssl.keystore.type", "PKCS12");
            security.put("ssl.keystore.password", TestCertificates.CLIENT_KEYSTORE_PASSWORD);
            security.put("ssl.key.password", TestCertificates.CLIENT_KEYSTORE_PASSWORD);
        }
        return new SecuredBroker("SSL", security, props -> {
            brokerTls(props, certs);
            props.put("ssl.client.auth", mutual ? "required" : "none");
        });
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Kafka client properties of a client the broker admits: SASL modes log in as {@link #USER}. */
    public Map<String, Object> client() {
        return client(PASSWORD);
    }

    /** The same with another password (SASL modes): a wrong one is refused. */
    public Map<String, Object> client(String password) {
        Map<String, Object> props = new HashMap<>(security);
        props.put("bootstrap.servers", bootstrapServers());
        if ("PLAIN".equals(security.get("sasl.mechanism"))) {
            props.put("sasl.jaas.config", jaas(PLAIN_LOGIN, USER, password));
        } else if (security.containsKey("sasl.mechanism")) {
            props.put("sasl.jaas.config", jaas(SCRAM_LOGIN, USER, password));
        }
        return props;
    }

    /**
     * Client properties as the application's environment, the way Quarkus maps them back to kafka.* keys
     * (sasl.jaas.config is KAFKA_SASL_JAAS_CONFIG).
     */
    public static Map<String, String> environment(Map<String, Object> client) {
        Map<String, String> env = new TreeMap<>();
        client.forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), String.valueOf(value)));
        return env;
    }

    /** The secrets the broker's clients are given: none may appear in the application's output. */
    public static List<String> secrets() {
        return List.of(
                PASSWORD,
                ADMIN_PASSWORD,
                TestCertificates.TRUSTSTORE_PASSWORD,
                TestCertificates.CLIENT_KEYSTORE_PASSWORD,
                TestCertificates.BROKER_KEYSTORE_PASSWORD);
    }

    private static String jaas(String module, String user, String password) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The broker's PLAIN logins: its own (inter-broker) and, when asked, the bundle's. */
    private static String brokerPlainLogins(boolean withBundle) {
        return jaas(PLAIN_LOGIN, "admin", ADMIN_PASSWORD)
                .replace(
                        ";",
                        " user_admin=\"" + ADMIN_PASSWORD + "\""
                                + (withBundle ? " user_" + USER + "=\"" + PASSWORD + "\"" : "") + ";");
    }

    private static Map<String, Object> trusting(TestCertificates certs) {
        return Map.of(
                "ssl.truststore.location",
                certs.truststore().toString(),
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.password",
                TestCertificates.TRUSTSTORE_PASSWORD);
    }

    /** The broker's certificate, and the CA it trusts for client certificates and its own inter-broker client. */
    private static void brokerTls(Properties props, TestCertificates certs) {
        props.put("ssl.keystore.location", certs.brokerKeystore().toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", TestCertificates.BROKER_KEYSTORE_PASSWORD);
        props.put("ssl.key.password", TestCertificates.BROKER_KEYSTORE_PASSWORD);
        trusting(certs).forEach(props::put);
    }

    /** Creates the bundle's SCRAM credential as the broker's admin, and waits until a SCRAM login passes. */
    private void createScramUser() {
        Map<String, Object> admin = new HashMap<>(security);
        admin.put("bootstrap.servers", bootstrapServers());
        admin.put("sasl.mechanism", "PLAIN");
        admin.put("sasl.jaas.config", jaas(PLAIN_LOGIN, "admin", ADMIN_PASSWORD));
        try (Admin client = Admin.create(admin)) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the SCRAM user", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Admin client = Admin.create(client())) {
                return client.listTopics().names().get(5, TimeUnit.SECONDS) != null;
            }
        });
    }

    @Override
    public void close() {
        broker.close();
    }
}

package com.rcistream.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.awaitility.Awaitility;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real KRaft broker on random ports of 127.0.0.1 that admits only clients secured the way production clusters ask:
 * SASL/PLAIN (a managed cluster's API key), SCRAM-SHA-512 over TLS, or TLS alone, one-way (the client checks the
 * broker's certificate against a private CA) or mutual (the broker also requires the client's certificate). One
 * broker can serve several of these modes, a listener each (as a cluster with an internal and an external listener
 * does), so that a test of every mode starts one broker; the controller listener is plaintext.
 */
public final class SecuredBroker implements AutoCloseable {

    /** The listeners of {@link #scramTlsAndMutualTls}: SCRAM-SHA-512 over TLS, one-way TLS, mutual TLS. */
    public static final String SCRAM = "SCRAM";

    public static final String TLS = "TLS";
    public static final String MUTUAL_TLS = "MTLS";

    /** The bundle's login for SASL/PLAIN and SCRAM. */
    public static final String USER = "rci-stream";

    public static final String PASSWORD = "s3cret-kafka-Pa55";
    private static final String ADMIN_PASSWORD = "broker-admin-secret";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /** A listener: its name, the protocol it speaks, and the client settings (no login, no address) it admits. */
    private record Listener(String name, String protocol, Map<String, Object> security) {}

    private final EmbeddedKafkaBroker broker;
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    private SecuredBroker(List<Listener> served, String interBroker, Consumer<Properties> config) {
        served.forEach(l -> {
            listeners.put(l.name(), l);
            ports.put(l.name(), KafkaAndHttpPorts.freePort());
        });
        int controllerPort = KafkaAndHttpPorts.freePort();
        String advertised = served.stream()
                .map(l -> l.name() + "://127.0.0.1:" + ports.get(l.name()))
                .collect(Collectors.joining(","));
        String protocols =
                served.stream().map(l -> l.name() + ":" + l.protocol()).collect(Collectors.joining(","));
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(ports.get(served.get(0).name()))
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put("listeners", advertised + ",CONTROLLER://127.0.0.1:" + controllerPort);
                    props.put("advertised.listeners", advertised);
                    props.put("listener.security.protocol.map", protocols + ",CONTROLLER:PLAINTEXT");
                    props.put("inter.broker.listener.name", interBroker);
                    config.accept(props);
                })
                .start();
    }

    private SecuredBroker(String protocol, Map<String, Object> security, Consumer<Properties> config) {
        this(List.of(new Listener(protocol, protocol, security)), protocol, config);
    }

    /** SASL_PLAINTEXT with PLAIN: {@link #USER} logs in with {@link #PASSWORD}. */
    public static SecuredBroker saslPlain() {
        return new SecuredBroker(
                "SASL_PLAINTEXT", Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN"), props -> {
                    props.put("sasl.enabled.mechanisms", "PLAIN");
                    props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                    props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", brokerPlainLogins());
                });
    }

    /**
     * One broker, three listeners: {@link #SCRAM} (SASL_SSL, SCRAM-SHA-512 only: {@link #USER}'s credential is created
     * once the broker runs, as Admin#alterUserScramCredentials or kafka-configs.sh write it, so the bundle gets in by
     * SCRAM or not at all), {@link #TLS} (SSL, one-way; also the inter-broker listener) and {@link #MUTUAL_TLS} (SSL,
     * the client's certificate required). Clients of every listener trust the CA.
     */
    public static SecuredBroker scramTlsAndMutualTls(TestCertificates certs) {
        Map<String, Object> scram = new HashMap<>(trusting(certs));
        scram.put("security.protocol", "SASL_SSL");
        scram.put("sasl.mechanism", "SCRAM-SHA-512");
        Map<String, Object> tls = new HashMap<>(trusting(certs));
        tls.put("security.protocol", "SSL");
        Map<String, Object> mutual = new HashMap<>(tls);
        mutual.putAll(clientKeystore(certs));
        SecuredBroker broker = new SecuredBroker(
                List.of(
                        new Listener(SCRAM, "SASL_SSL", scram),
                        new Listener(TLS, "SSL", tls),
                        new Listener(MUTUAL_TLS, "SSL", mutual)),
                TLS,
                props -> {
                    brokerTls(props, certs);
                    props.put("ssl.client.auth", "none");
                    props.put("listener.name.mtls.ssl.client.auth", "required");
                    props.put("listener.name.scram.sasl.enabled.mechanisms", "SCRAM-SHA-512");
                    props.put("listener.name.scram.scram-sha-512.sasl.jaas.config", SCRAM_LOGIN + " required;");
                });
        try {
            broker.createScramUser();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** SSL: one-way (clients trust the CA) or mutual (the broker also requires a client certificate the CA signed). */
    public static SecuredBroker tls(TestCertificates certs, boolean mutual) {
        Map<String, Object> security = new HashMap<>(trusting(certs));
        security.put("security.protocol", "SSL");
        if (mutual) {
            security.putAll(clientKeystore(certs));
        }
        return new SecuredBroker("SSL", security, props -> {
            brokerTls(props, certs);
            props.put("ssl.client.auth", mutual ? "required" : "none");
        });
    }

    /** The address of the broker's only (or first) listener. */
    public String bootstrapServers() {
        return bootstrapServers(first());
    }

    /** The address of a listener. */
    public String bootstrapServers(String listener) {
        return "127.0.0.1:" + ports.get(listener(listener).name());
    }

    /** Kafka client properties of a client the broker's only (or first) listener admits: SASL logs in as {@link #USER}. */
    public Map<String, Object> client() {
        return client(first(), PASSWORD);
    }

    /** The same with another password (SASL modes): a wrong one is refused. */
    public Map<String, Object> client(String password) {
        return client(first(), password);
    }

    /** Kafka client properties of a client a listener admits, logging in with that password where it asks for SASL. */
    public Map<String, Object> client(String listener, String password) {
        Map<String, Object> security = listener(listener).security();
        Map<String, Object> props = new HashMap<>(security);
        props.put("bootstrap.servers", bootstrapServers(listener));
        if ("PLAIN".equals(security.get("sasl.mechanism"))) {
            props.put("sasl.jaas.config", jaas(PLAIN_LOGIN, USER, password));
        } else if (security.containsKey("sasl.mechanism")) {
            props.put("sasl.jaas.config", jaas(SCRAM_LOGIN, USER, password));
        }
        return props;
    }

    private String first() {
        return listeners.keySet().iterator().next();
    }

    private Listener listener(String name) {
        Listener listener = listeners.get(name);
        if (listener == null) {
            throw new IllegalArgumentException("the broker has no listener " + name + ", only " + listeners.keySet());
        }
        return listener;
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

    /** The broker's PLAIN logins: its own (inter-broker) and the bundle's. */
    private static String brokerPlainLogins() {
        return jaas(PLAIN_LOGIN, "admin", ADMIN_PASSWORD)
                .replace(";", " user_admin=\"" + ADMIN_PASSWORD + "\" user_" + USER + "=\"" + PASSWORD + "\";");
    }

    private static Map<String, Object> trusting(TestCertificates certs) {
        return store("truststore", certs.truststore(), TestCertificates.TRUSTSTORE_PASSWORD);
    }

    /** A client's key store, for mutual TLS. */
    private static Map<String, Object> clientKeystore(TestCertificates certs) {
        return keystore(certs.clientKeystore(), TestCertificates.CLIENT_KEYSTORE_PASSWORD);
    }

    /** The broker's certificate, and the CA it trusts for client certificates and its own inter-broker client. */
    private static void brokerTls(Properties props, TestCertificates certs) {
        props.putAll(keystore(certs.brokerKeystore(), TestCertificates.BROKER_KEYSTORE_PASSWORD));
        props.putAll(trusting(certs));
    }

    /** A PKCS12 key store's settings: with PKCS12 the key's password is the store's. */
    private static Map<String, Object> keystore(Path file, String password) {
        Map<String, Object> settings = new HashMap<>(store("keystore", file, password));
        settings.put("ssl.key.password", password);
        return settings;
    }

    /** A PKCS12 store's settings: ssl.<kind>.location, .type and .password. */
    private static Map<String, Object> store(String kind, Path file, String password) {
        return Map.of(
                "ssl." + kind + ".location",
                file.toString(),
                "ssl." + kind + ".type",
                "PKCS12",
                "ssl." + kind + ".password",
                password);
    }

    /** Creates the bundle's SCRAM credential through the TLS listener, and waits until a SCRAM login passes. */
    private void createScramUser() {
        try (Admin client = Admin.create(client(TLS, null))) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the SCRAM user", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Admin client = Admin.create(client(SCRAM, PASSWORD))) {
                return client.listTopics().names().get(5, TimeUnit.SECONDS) != null;
            }
        });
    }

    @Override
    public void close() {
        broker.close();
    }
}

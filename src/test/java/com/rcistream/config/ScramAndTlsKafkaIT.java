package com.rcistream.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.SecuredBroker;
import com.rcistream.testing.TestCertificates;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * The packaged application against a broker secured with SCRAM-SHA-512 over TLS, with one-way TLS and with mutual TLS,
 * configured only through the environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_TRUSTSTORE_*,
 * KAFKA_SSL_KEYSTORE_*, KAFKA_SSL_KEY_PASSWORD): a whole sweep lands, then a refresh request is consumed and its
 * customer published again, both read back by an independent client with the same security, and no password or store
 * password shows in the output, Kafka's own configuration dump included. A bundle that fails the TLS handshake (it
 * does not trust the broker's CA, or brings no certificate where the broker requires one) stops at start with one
 * sentence. One broker serves the three modes, a listener each, and each mode has topics of its own; the CA and the
 * stores are made once.
 */
class ScramAndTlsKafkaIT {

    static final int CUSTOMERS = 60;
    static final Pattern FINISHED = Pattern.compile("sweep \\S+ finished");

    @TempDir
    static Path stores;

    static SecuredBroker broker;

    @BeforeAll
    static void startKafka() {
        broker = SecuredBroker.scramTlsAndMutualTls(TestCertificates.createIn(stores));
    }

    @AfterAll
    static void stopKafka() {
        broker.close();
    }

    @Test
    void scramSha512OverTlsSweepAndRefreshLandWithoutShowingThePassword() throws Exception {
        assertASweepAndARefreshLand(SecuredBroker.SCRAM);
    }

    @Test
    void oneWayTlsSweepAndRefreshLandAndWithoutTheTrustStoreTheStartStopsWithOneSentence() throws Exception {
        assertASweepAndARefreshLand(SecuredBroker.TLS);
        // the JDK's own CAs do not vouch for the broker's certificate
        assertTheStartStopsWithOneTlsSentence(
                without(client(SecuredBroker.TLS), "ssl.truststore."), "kafka.ssl.truststore.location");
    }

    @Test
    void mutualTlsSweepAndRefreshLandAndWithoutTheKeyStoreTheStartStopsWithOneSentence() throws Exception {
        assertASweepAndARefreshLand(SecuredBroker.MUTUAL_TLS);
        // the broker asks for the bundle's certificate and gets none
        assertTheStartStopsWithOneTlsSentence(
                without(client(SecuredBroker.MUTUAL_TLS), "ssl.key"), "kafka.ssl.keystore.location");
    }

    /**
     * The packaged application on one listener, on topics of that listener's own: a sweep lands (every customer, its
     * fingerprint, the checkpoints), then a refresh request written after it is consumed and its customer published
     * again (the refresh consumer logged in too), then the application stops cleanly on SIGTERM.
     */
    private static void assertASweepAndARefreshLand(String listener) throws Exception {
        Map<String, Object> client = client(listener);
        String topics = listener.toLowerCase(Locale.ROOT);

        List<String> app = new ArrayList<>(app());
        app.addAll(topicsOf(topics));
        // sweeps once, then stays for the refresh request
        app.add("-Drci.poll.max-sweeps=0");
        // Kafka's dump of every client's configuration (INFO, not shown by default), whose passwords must read [hidden]
        app.add("-Dquarkus.log.category.\"org.apache.kafka.common.config\".level=INFO");
        Started started = PackagedApp.start(app, SecuredBroker.environment(client));
        Process process = started.process();
        boolean stopped;
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !process.isAlive()
                            || FINISHED.matcher(started.output()).find());
            assertTrue(process.isAlive(), "the application stopped:\n" + started.output());
            Set<String> keys = TopicReader.readAll(client, topics + ".customers").stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            assertEquals(CUSTOMERS, keys.size(), "every customer published: " + started.output());

            String refreshed = keys.iterator().next();
            TopicWriter.send(client, topics + ".refresh-requests", null, refreshed);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> TopicReader.readAll(client, topics + ".customers").stream()
                            .anyMatch(r -> refreshed.equals(r.key()) && isRefresh(r)));
        } finally {
            stopped = stop(process);
        }

        String output = started.output();
        assertTrue(stopped && output.contains("rci-stream stopped in"), "stopped cleanly on SIGTERM:\n" + output);
        assertEquals(
                CUSTOMERS,
                TopicReader.readAll(client, topics + ".fingerprints").stream()
                        .map(ConsumerRecord::key)
                        // beside the customers' fingerprints, the account's change-event baseline
                        .filter(key -> !key.endsWith("rci:changes-baseline"))
                        .distinct()
                        .count());
        assertFalse(TopicReader.readAll(client, topics + ".state").isEmpty(), "checkpoints written");
        assertNoSecretIn(output);
        client.keySet().stream()
                .filter(key -> key.endsWith("password") || key.equals("sasl.jaas.config"))
                .forEach(key -> assertTrue(output.contains(key + " = [hidden]"), key + " not in the dump, masked"));
    }

    /** SIGTERM, as the kubelet sends it; whether the application stopped within a minute (if not, it is killed). */
    private static boolean stop(Process process) throws InterruptedException {
        process.destroy();
        if (process.waitFor(60, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return false;
    }

    private static boolean isRefresh(ConsumerRecord<String, String> record) {
        Header sweep = record.headers().lastHeader("rci_sweep_id");
        return sweep != null && new String(sweep.value(), StandardCharsets.UTF_8).startsWith("refresh-");
    }

    /** Every topic of the bundle under the prefix: each mode its own, on the one broker. */
    private static List<String> topicsOf(String prefix) {
        return List.of(
                "-Drci.topic.customers=" + prefix + ".customers",
                "-Drci.topic.email-marketing=" + prefix + ".email-marketing",
                "-Drci.topic.sms-marketing=" + prefix + ".sms-marketing",
                "-Drci.topic.redactions=" + prefix + ".redactions",
                "-Drci.topic.dead-letter=" + prefix + ".dlq",
                "-Drci.topic.state=" + prefix + ".state",
                "-Drci.topic.fingerprints=" + prefix + ".fingerprints",
                "-Drci.topic.refresh-requests=" + prefix + ".refresh-requests",
                "-Drci.refresh.group-id=" + prefix + ".refresh");
    }

    private static Map<String, Object> client(String listener) {
        return broker.client(listener, SecuredBroker.PASSWORD);
    }

    /** A failed TLS handshake stops the start: exit 1, one sentence that names the setting, no secret. */
    private static void assertTheStartStopsWithOneTlsSentence(Map<String, Object> client, String setting)
            throws Exception {
        Run refused = PackagedApp.runToExit(app(), SecuredBroker.environment(client), 120);

        assertEquals(1, refused.exitCode(), refused.output());
        List<String> sentence =
                refused.output().lines().filter(l -> l.startsWith("Kafka at ")).toList();
        assertEquals(1, sentence.size(), refused.output());
        assertTrue(
                sentence.get(0).contains("did not complete the TLS handshake")
                        && sentence.get(0).contains(setting),
                sentence.get(0));
        assertNoSecretIn(refused.output());
    }

    private static Map<String, Object> without(Map<String, Object> client, String prefix) {
        Map<String, Object> less = new HashMap<>(client);
        less.keySet().removeIf(key -> key.startsWith(prefix));
        return less;
    }

    private static void assertNoSecretIn(String output) {
        for (String secret : SecuredBroker.secrets()) {
            assertFalse(output.contains(secret), "a secret in the output:\n" + output);
        }
    }

    private static List<String> app() {
        return PackagedApp.oneSimulatedSweep(CUSTOMERS, 20);
    }
}

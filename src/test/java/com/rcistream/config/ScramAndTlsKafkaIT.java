package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.SecuredBroker;
import com.rcistream.testing.TestCertificates;
import com.rcistream.testing.TopicReader;

/**
 * The packaged application against brokers secured with SCRAM-SHA-512 over TLS, with one-way TLS and with mutual TLS,
 * configured only through the environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_TRUSTSTORE_*,
 * KAFKA_SSL_KEYSTORE_*, KAFKA_SSL_KEY_PASSWORD): a whole sweep lands, read back by an independent client with the same
 * security, and no password or store password shows in the output, Kafka's own configuration dump included. A bundle
 * that fails the TLS handshake (it does not trust the broker's CA, or brings no certificate where the broker requires
 * one) stops at start with one sentence. Each mode has its own broker; the CA and the stores are made once.
 */
class ScramAndTlsKafkaIT {

    static final int CUSTOMERS = 60;

    @TempDir
    static Path stores;

    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.createIn(stores);
    }

    @Test
    void scramSha512OverTlsSweepLandsWithoutShowingThePassword() throws Exception {
        try (SecuredBroker broker = SecuredBroker.scramOverTls(certs)) {
            assertASweepLands(broker);
        }
    }

    @Test
    void oneWayTlsSweepLandsAndWithoutTheTrustStoreTheStartStopsWithOneSentence() throws Exception {
        try (SecuredBroker broker = SecuredBroker.tls(certs, false)) {
            assertASweepLands(broker);
            // the JDK's own CAs do not vouch for the broker's certificate
            assertTheStartStopsWithOneTlsSentence(
                    without(broker.client(), "ssl.truststore."), "kafka.ssl.truststore.location");
        }
    }

    @Test
    void mutualTlsSweepLandsAndWithoutTheKeyStoreTheStartStopsWithOneSentence() throws Exception {
        try (SecuredBroker broker = SecuredBroker.tls(certs, true)) {
            assertASweepLands(broker);
            // the broker asks for the bundle's certificate and gets none
            assertTheStartStopsWithOneTlsSentence(without(broker.client(), "ssl.key"), "kafka.ssl.keystore.location");
        }
    }

    /** One sweep of the packaged application: every customer, its fingerprint and the checkpoints land. */
    private static void assertASweepLands(SecuredBroker broker) throws Exception {
        Map<String, Object> client = broker.client();

        List<String> app = new ArrayList<>(app());
        // Kafka's dump of every client's configuration (INFO, not shown by default), whose passwords must read [hidden]
        app.add("-Dquarkus.log.category.\"org.apache.kafka.common.config\".level=INFO");
        Run run = PackagedApp.runToExit(app, SecuredBroker.environment(client), 120);

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(
                CUSTOMERS,
                TopicReader.readAll(client, "rci.customers").stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet())
                        .size(),
                "every customer published: " + run.output());
        assertEquals(
                CUSTOMERS,
                TopicReader.readAll(client, "rci.customers.fingerprints").size());
        assertFalse(TopicReader.readAll(client, "rci.customers.state").isEmpty(), "checkpoints written");
        assertNoSecretIn(run);
        client.keySet().stream()
                .filter(key -> key.endsWith("password") || key.equals("sasl.jaas.config"))
                .forEach(key ->
                        assertTrue(run.output().contains(key + " = [hidden]"), key + " not in the dump, masked"));
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
        assertNoSecretIn(refused);
    }

    private static Map<String, Object> without(Map<String, Object> client, String prefix) {
        Map<String, Object> less = new HashMap<>(client);
        less.keySet().removeIf(key -> key.startsWith(prefix));
        return less;
    }

    private static void assertNoSecretIn(Run run) {
        for (String secret : SecuredBroker.secrets()) {
            assertFalse(run.output().contains(secret), "a secret in the output:\n" + run.output());
        }
    }

    private static List<String> app() {
        return PackagedApp.oneSimulatedSweep(CUSTOMERS, 20);
    }
}

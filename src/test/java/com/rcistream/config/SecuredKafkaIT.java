package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.SecuredBroker;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * The packaged application against a broker that admits only SASL/PLAIN logins, configured the way a managed cluster
 * is, through the environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG): every Kafka
 * client of the bundle logs in, and a wrong password stops the start with one sentence that shows no password.
 */
class SecuredKafkaIT {

    static final int CUSTOMERS = 120;
    static SecuredBroker broker;

    @BeforeAll
    static void startKafka() {
        broker = SecuredBroker.saslPlain();
    }

    @AfterAll
    static void stopKafka() {
        broker.close();
    }

    @Test
    void everyClientLogsInAndAWrongPasswordStopsTheStartWithoutShowingIt() throws Exception {
        Map<String, Object> client = broker.client();

        Run first = PackagedApp.runToExit(app(), env(SecuredBroker.PASSWORD), 120);

        assertEquals(0, first.exitCode(), first.output());
        Set<String> keys = TopicReader.readAll(client, "rci.customers").stream()
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertEquals(CUSTOMERS, keys.size(), "every customer published through the producer's login");
        // a fingerprint record a customer, beside the account's change-event baseline
        assertEquals(
                CUSTOMERS,
                TopicReader.readAll(client, "rci.customers.fingerprints").stream()
                        .filter(r -> !r.key().endsWith("rci:changes-baseline"))
                        .count());
        assertFalse(TopicReader.readAll(client, "rci.customers.state").isEmpty(), "checkpoints written");

        // A restart: the state reader logs in (fingerprints read back, so the sweep publishes nothing), and the
        // refresh consumer logs in (the requested customer is published again).
        String refreshed = keys.iterator().next();
        TopicWriter.send(client, "rci.customers.refresh-requests", null, refreshed);
        List<String> again = new java.util.ArrayList<>(app());
        again.add("-Drci.poll.initial-delay=8s");
        Run second = PackagedApp.runToExit(again, env(SecuredBroker.PASSWORD), 120);

        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("loaded " + CUSTOMERS + " customer fingerprints"), second.output());
        List<ConsumerRecord<String, String>> all = TopicReader.readAll(client, "rci.customers");
        assertEquals(CUSTOMERS + 1, all.size(), "only the refreshed customer again: " + second.output());
        assertEquals(refreshed, all.get(all.size() - 1).key());

        Run refused = PackagedApp.runToExit(app(), env("wrong-Pa55word"), 120);

        assertEquals(1, refused.exitCode(), refused.output());
        List<String> sentence =
                refused.output().lines().filter(l -> l.startsWith("Kafka at ")).toList();
        assertEquals(1, sentence.size(), refused.output());
        assertTrue(sentence.get(0).contains("refused the bundle's credentials"), sentence.get(0));
        for (Run run : List.of(first, second, refused)) {
            assertFalse(run.output().contains(SecuredBroker.PASSWORD), "the password in the output:\n" + run.output());
            assertFalse(run.output().contains("wrong-Pa55word"), "the wrong password in the output");
        }
    }

    private static Map<String, String> env(String password) {
        // KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT, KAFKA_SASL_MECHANISM=PLAIN and
        // KAFKA_SASL_JAAS_CONFIG
        return SecuredBroker.environment(broker.client(password));
    }

    private static List<String> app() {
        return PackagedApp.oneSimulatedSweep(CUSTOMERS, 40);
    }
}

package com.rcistream.errors;

import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.REFRESH;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.testing.EmitChangesProfile;
import com.rcistream.testing.FlakyRule;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * Whatever fails, a customer's email leaves the process only in that customer's own events: not in a dead letter
 * (a refresh request that is someone's pasted email, a rule that throws quoting the customer's email, a next link
 * that carries it in its query), not in a health answer, not in a log line. The application of
 * {@link EmitChangesProfile}, which loads the test rule rule-flaky (it throws quoting the customer's email).
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(EmitChangesProfile.class)
class PersonalDataNowhereTest extends SimulatedApiTestBase {

    static final String EMAIL = "eric@example.com";

    @Inject
    FlakyRule flakyRule;

    /** The sweeps as the other tests of this application expect them: the rule quiet, the last sweep finished. */
    @AfterEach
    void finishCleanly() {
        flakyRule.failFor(null);
        simulator.reset();
        checkpoints.clear("");
        assertFalse(Sweep.run(producer).progress().failed(), "a clean sweep after the test");
    }

    @Test
    void emailInARefreshRequestARuleFailureOrANextLinkAppearsOnNoTopicInNoHealthAnswerAndInNoLogLine()
            throws Exception {
        String victim = simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id))
                .skip(3)
                .findFirst()
                .orElseThrow();
        simulator.reshape(victim, resource -> ((ObjectNode) resource.get("attributes")).put("email", EMAIL));
        flakyRule.failFor(victim);
        Map<Integer, Long> deadBefore = TopicReader.endOffsets(DEAD_LETTER);
        List<String> logs;
        List<String> health = new ArrayList<>();
        try (LogCapture capture = LogCapture.start()) {
            TopicWriter.send(REFRESH, null, EMAIL);
            Sweep sweep = Sweep.run(producer);
            assertFalse(sweep.progress().failed(), sweep.progress().summary());
            assertTrue(
                    sweep.on(Sweep.CUSTOMERS, victim).stream().anyMatch(r -> ownEvent(r, victim)),
                    "the customer, with that email, published as itself");
            // a sweep that fails quoting the email: a next link to another host with the email in its query
            simulator
                    .faults()
                    .setForeignNextPage(0)
                    .setForeignNextUrl("http://127.0.0.1:9/api/v1/customers?page%5Bcursor%5D=x&email=" + EMAIL);
            assertTrue(Sweep.run(producer).progress().failed(), "the foreign next link stops the sweep");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stagesOf(deadLetters(deadBefore))
                            .containsAll(Set.of("rule", "refresh-customer", "follow-next-link")));
            given().get("/q/health/well").then().statusCode(503);
            for (String path : List.of("/q/health", "/q/health/well", "/q/health/ready", "/q/health/live")) {
                health.add(path + " " + given().get(path).then().extract().asString());
            }
            logs = capture.lines();
        }

        List<JsonNode> dead = deadLetters(deadBefore);
        assertTrue(dead.stream().anyMatch(d -> victim.equals(d.path("record_id").asText())), dead.toString());

        List<String> leaks = new ArrayList<>();
        everyRecordOfTheBroker()
                .forEach((topic, records) -> records.stream()
                        .filter(r -> mentions(r)
                                && !ownEvent(r, victim)
                                && !(topic.equals(REFRESH) && EMAIL.equals(r.value())))
                        .forEach(r -> leaks.add(topic + " " + r.key() + " " + r.value())));
        assertAll(
                () -> assertEquals(List.of(), leaks, "the email on a topic other than in the customer's own events"),
                () -> assertEquals(
                        List.of(),
                        health.stream().filter(answer -> answer.contains(EMAIL)).collect(Collectors.toList()),
                        "the email in a health answer"),
                () -> assertEquals(
                        List.of(),
                        logs.stream().filter(line -> line.contains(EMAIL)).collect(Collectors.toList()),
                        "the email in a log line"));
    }

    private List<JsonNode> deadLetters(Map<Integer, Long> from) throws Exception {
        List<JsonNode> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicReader.readFrom(DEAD_LETTER, from)) {
            dead.add(mapper.readTree(r.value()));
        }
        return dead;
    }

    private static Set<String> stagesOf(List<JsonNode> dead) {
        return dead.stream().map(d -> d.path("stage").asText()).collect(Collectors.toSet());
    }

    private static boolean mentions(ConsumerRecord<String, String> r) {
        if (String.valueOf(r.key()).contains(EMAIL) || String.valueOf(r.value()).contains(EMAIL)) {
            return true;
        }
        for (Header header : r.headers()) {
            if (header.value() != null && new String(header.value()).contains(EMAIL)) {
                return true;
            }
        }
        return false;
    }

    /** A customer event of the victim itself: keyed by it, its value the customer with that email. */
    private boolean ownEvent(ConsumerRecord<String, String> r, String victim) {
        if (!victim.equals(r.key()) || r.value() == null) {
            return false;
        }
        try {
            JsonNode value = mapper.readTree(r.value());
            return victim.equals(value.path("id").asText())
                    && EMAIL.equals(value.path("email").asText());
        } catch (Exception e) {
            return false;
        }
    }

    /** Every record of every topic on the embedded broker, the bundle's and the tests' alike. */
    private static Map<String, List<ConsumerRecord<String, String>>> everyRecordOfTheBroker() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> topics;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            topics = consumer.listTopics(Duration.ofSeconds(10)).keySet().stream()
                    .filter(t -> !t.startsWith("__"))
                    .collect(Collectors.toSet());
        }
        assertTrue(
                topics.containsAll(List.of(Sweep.CUSTOMERS, DEAD_LETTER, REFRESH)),
                "the bundle's topics exist: " + topics);
        Map<String, Map<Integer, Long>> fromTheStart = new HashMap<>();
        topics.forEach(topic -> fromTheStart.put(topic, Map.of()));
        return TopicReader.readFrom(fromTheStart);
    }
}

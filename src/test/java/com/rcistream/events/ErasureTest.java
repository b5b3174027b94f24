package com.rcistream.events;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.EMAIL;
import static com.rcistream.testing.Sweep.REDACTIONS;
import static com.rcistream.testing.Sweep.SMS;
import static com.rcistream.testing.Sweep.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;

/** Erasure and consent reach every topic: the rules' topics, the dead letters, and records that are not quite right. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class ErasureTest extends SimulatedApiTestBase {

    @BeforeEach
    void smallDataSet() {
        simulator.setCustomers(120);
        simulator.setPageSize(40);
    }

    @Test
    void redactedCustomerEndsAsATombstoneOnEveryTopicThatHeldItTheRulesTopicIncluded() throws Exception {
        String vip = firstWhere(a -> Set.of("A", "B").contains(a.get("grade").asText())
                && !a.get("email").isNull()
                && a.get("email_marketing_consent").booleanValue()
                && a.get("sms_marketing_consent").booleanValue());
        Sweep first = Sweep.run(producer);
        for (String topic : List.of(CUSTOMERS, EMAIL, SMS, VIP)) {
            assertNotNull(latest(first, topic, vip), "published to " + topic + " before the redaction");
        }
        JsonNode before = mapper.readTree(first.on(VIP, vip).get(0).value());
        String email = before.get("email").asText();
        String lastName = before.get("last_name").asText();

        simulator.redact(vip);
        Sweep second = Sweep.run(producer);

        assertFalse(second.progress().failed(), second.progress().summary());
        for (String topic : List.of(CUSTOMERS, EMAIL, SMS, VIP)) {
            assertNull(latest(second, topic, vip), "the latest value on " + topic + " is a tombstone");
        }
        assertEquals(
                2, second.on(VIP, vip).size(), "the rule forwarded the null body, then the bundle erased its topic");
        assertEquals(1, second.on(REDACTIONS, vip).size(), "exactly one redaction event");
        for (ConsumerRecord<String, String> dead : TopicReader.readAll(DEAD_LETTER)) {
            assertFalse(
                    dead.value().contains(email) || dead.value().contains(lastName), "personal data in a dead letter");
        }
    }

    @Test
    void malformedRedactedRecordsAreErasedAllTheSameAndDeadLetteredWithoutTheirData() throws Exception {
        String misspelt = firstWhere(a -> a.get("email_marketing_consent").booleanValue());
        String noAttributes = simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id) && !id.equals(misspelt))
                .findFirst()
                .orElseThrow();
        Sweep.run(producer);
        simulator.redact(misspelt);
        simulator.redact(noAttributes);
        String redactedAt =
                simulator.attributes(noAttributes).get("redacted_at").asText();
        simulator.reshape(misspelt, resource -> resource.put("type", "custmer"));
        simulator.reshape(
                noAttributes, resource -> resource.putNull("attributes").put("redacted_at", redactedAt));

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        for (String id : List.of(misspelt, noAttributes)) {
            for (String topic : List.of(CUSTOMERS, EMAIL, SMS)) {
                assertNull(latest(sweep, topic, id), id + " erased from " + topic);
            }
            assertEquals(1, sweep.on(REDACTIONS, id).size(), "one redaction event for " + id);
            List<ConsumerRecord<String, String>> dead = sweep.on(DEAD_LETTER, id);
            assertEquals(1, dead.size(), "the malformed record is still reported: " + id);
            JsonNode envelope = mapper.readTree(dead.get(0).value());
            assertEquals("map-customer", envelope.get("stage").asText());
            assertTrue(envelope.get("reason").asText().contains("erased all the same"), envelope.toString());
            assertTrue(envelope.get("body_excerpt").asText().contains(id), envelope.toString());
        }
    }

    @Test
    void deadLettersKeepTheStructureButNoAttributeValue() throws Exception {
        simulator.faults().setBadRecordsPage(0);
        List<ObjectNode> pageOne = simulator.ids().subList(0, 40).stream()
                .map(simulator::attributes)
                .toList();

        Sweep sweep = Sweep.run(producer);

        List<ConsumerRecord<String, String>> dead = sweep.on(DEAD_LETTER);
        assertEquals(2, dead.size(), sweep.progress().summary());
        for (ConsumerRecord<String, String> r : dead) {
            String excerpt = mapper.readTree(r.value()).get("body_excerpt").asText();
            assertTrue(excerpt.contains("\"type\":\"customer\"") && excerpt.contains("\"***\""), excerpt);
            for (ObjectNode attributes : pageOne) {
                for (String field : List.of("email", "first_name", "last_name", "remote_created_at", "updated_at")) {
                    JsonNode value = attributes.get(field);
                    if (value != null && value.isTextual()) {
                        assertFalse(excerpt.contains(value.asText()), field + " " + value + " in " + excerpt);
                    }
                }
            }
        }
    }

    @Test
    void consentIsTheJsonBooleanTrueAndNothingElse() throws Exception {
        List<String> ids = simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id))
                .limit(5)
                .toList();
        List<Consumer<ObjectNode>> notConsent = List.of(
                a -> a.set("email_marketing_consent", TextNode.valueOf("true")),
                a -> a.set("email_marketing_consent", IntNode.valueOf(1)),
                a -> a.set("email_marketing_consent", NullNode.getInstance()),
                a -> a.remove("email_marketing_consent"));
        for (int i = 0; i < notConsent.size(); i++) {
            Consumer<ObjectNode> change = notConsent.get(i);
            simulator.reshape(ids.get(i), resource -> change.accept((ObjectNode) resource.get("attributes")));
        }
        simulator.reshape(
                ids.get(4), resource -> ((ObjectNode) resource.get("attributes")).put("email_marketing_consent", true));

        Sweep sweep = Sweep.run(producer);

        for (String id : ids.subList(0, 4)) {
            assertEquals(1, sweep.on(EMAIL, id).size(), id);
            assertNull(sweep.on(EMAIL, id).get(0).value(), "no consent, a tombstone: " + sweep.on(CUSTOMERS, id));
        }
        assertNotNull(sweep.on(EMAIL, ids.get(4)).get(0).value(), "true is consent");
    }

    /**
     * The latest value of a key on a topic (null: a tombstone): the last the sweep wrote, since nothing writes after it.
     * Reading the sweep's own records, not the whole topic, which every test before this one has filled.
     */
    private static String latest(Sweep sweep, String topic, String key) {
        List<ConsumerRecord<String, String>> records = sweep.on(topic, key);
        assertFalse(records.isEmpty(), key + " did not reach " + topic + " in this sweep");
        return records.get(records.size() - 1).value();
    }

    private String firstWhere(Predicate<ObjectNode> test) {
        return simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id))
                .filter(id -> test.test(simulator.attributes(id)))
                .findFirst()
                .orElseThrow();
    }
}

package com.rcistream.state;

import static com.rcistream.testing.Sweep.CHANGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.testing.EmitChangesProfile;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.Schemas;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * Change events (issue 19) on the real broker, the simulator over HTTP: one event per customer and sweep whose tracked
 * attributes moved, exact from/to and entered/left, none for the rest, no personal data, a redacted customer's
 * tombstoned; no flood on the first sweep; a customer first seen later is new; the state comes back after a restart.
 * On the application ChangeDetectionTest uses.
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(EmitChangesProfile.class)
class ChangeEventsTest extends SimulatedApiTestBase {

    private static final String FINGERPRINTS = "rci.customers.fingerprints";

    @Inject
    FingerprintStore fingerprints;

    @ConfigProperty(name = "rci.changes.attributes")
    List<String> tracked;

    @Test
    void exactlyTheCustomersWhoseTrackedAttributesMovedGetAChangeEventAndTheRedactedOneATombstone() throws Exception {
        forgetState();
        Sweep baseline = Sweep.run(producer);
        assertFalse(baseline.progress().failed(), baseline.progress().summary());
        assertEquals(List.of(), events(baseline), "the first sweep without state is a baseline");

        List<String> picked = new ArrayList<>();
        String graded = pick(picked, a -> true);
        String consenting = pick(picked, a -> !a.get("email_marketing_consent").asBoolean());
        String ordering = pick(picked, a -> true);
        String touched = pick(picked, a -> true);
        String renamed = pick(picked, a -> true);
        String redacted = pick(picked, a -> true);
        Map<String, String> emails = new HashMap<>();
        picked.forEach(
                id -> emails.put(id, simulator.attributes(id).get("email").asText()));

        ObjectNode before = simulator.attributes(graded);
        String grade = before.get("grade").asText().equals("A") ? "C" : "A";
        Set<String> oldSegments = texts(before.get("segments"));
        List<String> newSegments = new ArrayList<>(List.of("At risk", "Win-back test"));
        newSegments.add(oldSegments.iterator().next());
        reshape(graded, a -> {
            a.put("grade", grade);
            ArrayNode segments = a.putArray("segments");
            newSegments.forEach(segments::add);
        });
        simulator.setConsent(
                consenting,
                true,
                simulator.attributes(consenting).get("sms_marketing_consent").asBoolean());
        int orders = simulator.attributes(ordering).get("orders_count").asInt();
        reshape(ordering, a -> a.put("orders_count", orders + 1).put("updated_at", "2031-01-01T00:00:00.000Z"));
        reshape(touched, a -> a.put("updated_at", "2031-01-01T00:00:00.000Z"));
        reshape(renamed, a -> a.put("first_name", "Renamed"));
        simulator.redact(redacted);

        Sweep second = Sweep.run(producer);
        assertFalse(second.progress().failed(), second.progress().summary());
        List<ConsumerRecord<String, String>> events = second.on(CHANGES);
        assertEquals(
                Set.of(graded, consenting, ordering, redacted),
                events.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
        assertEquals(4, events.size(), "one record a customer: " + events);
        assertNull(second.on(CHANGES, redacted).get(0).value(), "the redacted customer's change key is tombstoned");

        Set<String> entered = new TreeSet<>(newSegments);
        entered.removeAll(oldSegments);
        Set<String> left = new TreeSet<>(oldSegments);
        newSegments.forEach(left::remove);
        ObjectNode gradeChange = mapper.createObjectNode();
        gradeChange.putObject("grade").put("from", before.get("grade").asText()).put("to", grade);
        ObjectNode segments = gradeChange.putObject("segments");
        entered.forEach(segments.putArray("entered")::add);
        left.forEach(segments.putArray("left")::add);
        assertEquals(gradeChange, changesOf(second, graded));
        assertEquals(
                mapper.readTree("{\"email_marketing_consent\":{\"from\":false,\"to\":true}}"),
                changesOf(second, consenting));
        assertEquals(
                mapper.readTree("{\"orders_count\":{\"from\":" + orders + ",\"to\":" + (orders + 1) + "}}"),
                changesOf(second, ordering));
        for (ConsumerRecord<String, String> event : events) {
            if (event.value() == null) {
                continue;
            }
            JsonNode value = mapper.readTree(event.value());
            assertEquals(Set.of(), Schemas.errors(Schemas.CHANGE, event.value()), event.value());
            assertEquals(Set.of("id", "sweep", "changes"), names(value), event.value());
            assertEquals(event.key(), value.get("id").asText());
            assertEquals(second.progress().sweepId(), value.get("sweep").asText());
            assertEquals("com.littlestreamsoftware.rci.customer.changed", header(event, "ce_type"));
            assertEquals(event.key(), header(event, "ce_subject"));
            assertFalse(event.value().contains(emails.get(event.key())), "no email in " + event.value());
            assertFalse(event.value().contains("name"), "no name in " + event.value());
        }
        Map<String, String> state = new HashMap<>();
        TopicReader.readAll(FINGERPRINTS).forEach(r -> state.put(r.key(), r.value()));
        assertEquals(
                grade, mapper.readTree(state.get(graded)).at("/t/grade").asText(), "the state beside the fingerprint");
        assertTrue(
                state.get(redacted).matches("[0-9a-f]{1,16}"),
                "no tracked value kept of a redacted customer: " + state.get(redacted));
        assertEquals(List.of(), Sweep.run(producer).on(CHANGES), "nothing moved since: no change record");
    }

    @Test
    void aCustomerFirstSeenAfterTheBaselineIsNewAndARestartChangesNothingThatIsEmitted() throws Exception {
        forgetState();
        assertEquals(List.of(), events(Sweep.run(producer)), "the first sweep without state is a baseline");
        simulator.setCustomers(simulator.size() + 1);
        String added = simulator.ids().get(simulator.size() - 1);

        Sweep withNew = Sweep.run(producer);
        assertEquals(1, withNew.on(CHANGES).size(), "one event: " + withNew.on(CHANGES));
        String newEvent = withNew.on(CHANGES, added).get(0).value();
        assertEquals(Set.of(), Schemas.errors(Schemas.CHANGE, newEvent), newEvent);
        JsonNode event = mapper.readTree(newEvent);
        assertEquals(true, event.get("new").asBoolean());
        ObjectNode attributes = simulator.attributes(added);
        assertEquals(attributes.get("grade"), event.at("/changes/grade/to"));
        assertEquals(attributes.get("orders_count"), event.at("/changes/orders_count/to"));
        assertEquals(texts(attributes.get("segments")), texts(event.at("/changes/segments/entered")));
        assertEquals(mapper.createArrayNode(), event.at("/changes/segments/left"));
        assertFalse(event.at("/changes/grade").has("from"));

        fingerprints.reload(); // as a restart: everything read back from Kafka
        assertEquals(List.of(), Sweep.run(producer).on(CHANGES), "after a restart, nothing emitted twice");
        String graded = simulator.ids().get(0);
        String grade = simulator.attributes(graded).get("grade").asText();
        reshape(graded, a -> a.put("grade", grade.equals("B") ? "D" : "B"));
        fingerprints.reload();
        Sweep afterRestart = Sweep.run(producer);
        assertEquals(1, afterRestart.on(CHANGES).size(), "the change since the last published state, once");
        assertEquals(
                mapper.readTree(
                        "{\"grade\":{\"from\":\"" + grade + "\",\"to\":\"" + (grade.equals("B") ? "D" : "B") + "\"}}"),
                changesOf(afterRestart, graded));
    }

    @Test
    void withOneTrackedAttributeOnlyItsChangesAreEmitted() throws Exception {
        try {
            fingerprints.track(List.of("grade"));
            Sweep.run(producer);
            List<String> picked = new ArrayList<>();
            String graded = pick(picked, a -> true);
            String consenting =
                    pick(picked, a -> !a.get("email_marketing_consent").asBoolean());
            String grade = simulator.attributes(graded).get("grade").asText();
            reshape(graded, a -> {
                a.put("grade", grade.equals("A") ? "C" : "A");
                a.putArray("segments").add("At risk");
            });
            simulator.setConsent(consenting, true, false);

            Sweep second = Sweep.run(producer);
            assertFalse(second.progress().failed(), second.progress().summary());
            assertEquals(1, second.on(CHANGES).size(), "only the grade's change: " + second.on(CHANGES));
            assertEquals(Set.of("grade"), names(changesOf(second, graded)));
        } finally {
            fingerprints.track(tracked);
        }
    }

    /** The state lost, as on a new deployment: every fingerprint record (and the baseline) tombstoned. */
    private void forgetState() {
        Map<String, String> latest = new HashMap<>();
        TopicReader.readAll(FINGERPRINTS).forEach(r -> latest.put(r.key(), r.value()));
        List<String> keys = latest.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(Map.Entry::getKey)
                .toList();
        List<String> tombstones = new ArrayList<>();
        keys.forEach(k -> tombstones.add(null));
        TopicWriter.sendValues(FINGERPRINTS, keys, tombstones);
        fingerprints.reload();
    }

    /** The customer's attributes served changed from now on (the simulator's reshape changes the resource object). */
    private void reshape(String id, java.util.function.Consumer<ObjectNode> change) {
        simulator.reshape(id, resource -> change.accept((ObjectNode) resource.get("attributes")));
    }

    /** The change events a sweep published (a redacted customer's tombstones aside: erasure is sent again on a baseline). */
    private static List<ConsumerRecord<String, String>> events(Sweep sweep) {
        return sweep.on(CHANGES).stream().filter(r -> r.value() != null).toList();
    }

    private String pick(List<String> picked, Predicate<ObjectNode> where) {
        String id = simulator.ids().stream()
                .filter(i -> !simulator.isRedacted(i) && !picked.contains(i))
                .filter(i -> where.test(simulator.attributes(i)))
                .findFirst()
                .orElseThrow();
        picked.add(id);
        return id;
    }

    private JsonNode changesOf(Sweep sweep, String id) throws Exception {
        List<ConsumerRecord<String, String>> records = sweep.on(CHANGES, id);
        assertEquals(1, records.size(), "one change event for " + id);
        return mapper.readTree(records.get(0).value()).get("changes");
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(e -> texts.add(e.asText()));
        return texts;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package com.rcistream.events;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.EMAIL;
import static com.rcistream.testing.Sweep.REDACTIONS;
import static com.rcistream.testing.Sweep.SMS;
import static com.rcistream.testing.Sweep.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.Schemas;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;

@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class FanOutTest extends SimulatedApiTestBase {

    @BeforeEach
    void smallDataSet() {
        simulator.setCustomers(300);
        simulator.setPageSize(50);
    }

    @Test
    void redactedCustomerBecomesTombstoneOnEveryCompactedTopicAndOneRedactionEventWithNoPiiAnywhere() throws Exception {
        String victim = firstWhere(a ->
                !a.get("email").isNull() && a.get("email_marketing_consent").asBoolean());
        ObjectNode before = simulator.attributes(victim);
        String email = before.get("email").asText();
        String lastName = before.get("last_name").asText();
        simulator.redact(victim);
        List<String> redacted =
                simulator.ids().stream().filter(simulator::isRedacted).toList();
        assertTrue(redacted.size() >= 2, "the data set has redacted customers of its own: " + redacted);

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        for (String id : redacted) {
            for (String topic : List.of(CUSTOMERS, EMAIL, SMS)) {
                List<ConsumerRecord<String, String>> records = sweep.on(topic, id);
                assertEquals(1, records.size(), id + " on " + topic);
                assertNull(records.get(0).value(), "tombstone for " + id + " on " + topic);
            }
            List<ConsumerRecord<String, String>> redactions = sweep.on(REDACTIONS, id);
            assertEquals(1, redactions.size(), "one redaction event for " + id);
            JsonNode event = mapper.readTree(redactions.get(0).value());
            assertEquals(id, event.get("id").asText());
            assertEquals(simulator.attributes(id).get("redacted_at"), event.get("redacted_at"));
            assertEquals(2, event.size(), "only id and redacted_at");
            assertFalse(sweep.on(VIP, id).isEmpty(), "the rule's topic is erased too");
            sweep.on(VIP, id).forEach(r -> assertNull(r.value(), "only tombstones for " + id + " on the rule's topic"));
        }
        sweep.all()
                .forEach((topic, records) -> records.forEach(r -> {
                    String text = r.value() == null ? "" : r.value();
                    assertFalse(text.contains(email), "redacted email on " + topic);
                    assertFalse(text.contains(lastName) && victim.equals(r.key()), "redacted name on " + topic);
                }));
        assertEquals(redacted.size(), sweep.on(REDACTIONS).size(), "no redaction event for anyone else");
    }

    @Test
    void consentRoutesEachWayAndWithdrawalBetweenSweepsLeavesATombstone() throws Exception {
        String customer = firstWhere(a -> a.get("email_marketing_consent").asBoolean()
                && !a.get("sms_marketing_consent").asBoolean());

        Sweep first = Sweep.run(producer);
        assertEquals(1, first.on(EMAIL, customer).size());
        assertEquals(
                customer,
                mapper.readTree(first.on(EMAIL, customer).get(0).value())
                        .get("id")
                        .asText());
        assertNull(first.on(SMS, customer).get(0).value(), "no SMS consent: tombstone");
        for (ConsumerRecord<String, String> r : first.on(EMAIL)) {
            boolean consents =
                    simulator.attributes(r.key()).get("email_marketing_consent").asBoolean();
            assertEquals(consents, r.value() != null, "email topic holds exactly the consenting customers: " + r.key());
        }
        for (ConsumerRecord<String, String> r : first.on(SMS)) {
            boolean consents =
                    simulator.attributes(r.key()).get("sms_marketing_consent").asBoolean();
            assertEquals(consents, r.value() != null, "SMS topic holds exactly the consenting customers: " + r.key());
        }

        simulator.setConsent(customer, false, true);
        Sweep second = Sweep.run(producer);
        assertNull(second.on(EMAIL, customer).get(0).value(), "withdrawn email consent: tombstone");
        assertEquals(
                customer,
                mapper.readTree(second.on(SMS, customer).get(0).value())
                        .get("id")
                        .asText());
    }

    @Test
    void extraYamlRuleFromTheReadmeRoutesGradesAAndBToTheVipTopic() {
        Sweep sweep = Sweep.run(producer);

        List<ConsumerRecord<String, String>> vip = sweep.on(VIP);
        long expectedVips = simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id))
                .filter(id -> Set.of("A", "B")
                        .contains(simulator.attributes(id).get("grade").asText()))
                .count();
        assertTrue(expectedVips > 0, "the data set has grade A and B customers");
        assertEquals(expectedVips, vip.stream().filter(r -> r.value() != null).count());
        for (ConsumerRecord<String, String> r : vip) {
            String grade = simulator.attributes(r.key()).get("grade").asText();
            boolean vipNow = !simulator.isRedacted(r.key()) && Set.of("A", "B").contains(grade);
            assertEquals(vipNow, r.value() != null, r.key() + " grade " + grade);
        }
    }

    @Test
    void everyValueValidatesAgainstItsSchemaAndCarriesTheCloudEventsHeaders() {
        simulator.faults().setBadRecordsPage(1);
        simulator.redact(firstWhere(a -> true));
        Sweep sweep = Sweep.run(producer);

        Set<String> ceIds = new HashSet<>();
        for (String topic : List.of(CUSTOMERS, EMAIL, SMS, VIP, REDACTIONS)) {
            assertFalse(sweep.on(topic).isEmpty(), topic);
            for (ConsumerRecord<String, String> r : sweep.on(topic)) {
                if (r.value() != null) {
                    var schema = topic.equals(REDACTIONS) ? Schemas.REDACTION : Schemas.CUSTOMER;
                    assertEquals(Set.of(), Schemas.errors(schema, r.value()), topic + " " + r.value());
                }
                assertEquals("1.0", header(r, "ce_specversion"));
                assertEquals(r.key(), header(r, "ce_subject"));
                assertTrue(
                        header(r, "ce_type").startsWith("com.littlestreamsoftware.rci.customer."),
                        header(r, "ce_type"));
                assertTrue(header(r, "ce_source").startsWith("http://127.0.0.1:"), header(r, "ce_source"));
                java.time.Instant.parse(header(r, "ce_time"));
                assertEquals(sweep.progress().sweepId(), header(r, "rci_sweep_id"));
                assertTrue(ceIds.add(header(r, "ce_id")), "ce_id unique per record: " + header(r, "ce_id"));
                for (Header h : r.headers()) {
                    assertFalse(new String(h.value()).contains("test-token-7f3c9a1e"), "token in header " + h.key());
                }
            }
        }
        List<ConsumerRecord<String, String>> dead = sweep.on(Sweep.DEAD_LETTER);
        assertEquals(2, dead.size());
        dead.forEach(r -> assertEquals(Set.of(), Schemas.errors(Schemas.DEAD_LETTER, r.value()), r.value()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertTrue(header != null, "header " + name + " on " + record.topic());
        return new String(header.value());
    }

    private String firstWhere(java.util.function.Predicate<ObjectNode> test) {
        return simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id))
                .filter(id -> test.test(simulator.attributes(id)))
                .findFirst()
                .orElseThrow();
    }
}

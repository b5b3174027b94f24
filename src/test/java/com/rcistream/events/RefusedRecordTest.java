package com.rcistream.events;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.EMAIL;
import static com.rcistream.testing.Sweep.SMS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.Schemas;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;

/** A record Kafka refuses for good (too large for its topic) fails its customer alone, not the sweep. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class RefusedRecordTest extends SimulatedApiTestBase {

    static final String FINGERPRINTS = "rci.customers.fingerprints";

    @BeforeEach
    void smallDataSet() {
        simulator.setCustomers(200);
        simulator.setPageSize(50);
    }

    @Test
    void customerWhoseRecordIsTooLargeForItsTopicIsDeadLetteredAloneAndTheSweepGoesOn() throws Exception {
        // the SMS topic takes a tombstone but no customer: its max.message.bytes between the two (measured on a sweep)
        Sweep measured = Sweep.run(producer);
        int largestTombstone = measured.on(SMS).stream()
                .filter(r -> r.value() == null)
                .mapToInt(RefusedRecordTest::size)
                .max()
                .orElseThrow();
        int smallestCustomer = measured.on(SMS).stream()
                .filter(r -> r.value() != null)
                .mapToInt(RefusedRecordTest::size)
                .min()
                .orElseThrow();
        // a batch's header (61 bytes), the record's own framing and lz4's
        int limit = largestTombstone + 120;
        assertTrue(
                limit < smallestCustomer / 2,
                "tombstones of " + largestTombstone + " bytes, customers of " + smallestCustomer
                        + ": no limit between them");
        Set<String> ids = Set.copyOf(simulator.ids());
        Set<String> refused = ids.stream()
                .filter(id -> !simulator.isRedacted(id))
                .filter(id ->
                        simulator.attributes(id).get("sms_marketing_consent").asBoolean())
                .collect(Collectors.toSet());
        assertFalse(refused.isEmpty(), "the data set has customers who consent to SMS");

        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()))) {
            maxMessageBytes(admin, Integer.toString(limit));
            Map<Integer, Long> fingerprintsBefore = TopicReader.endOffsets(FINGERPRINTS);
            Sweep sweep;
            List<String> logs;
            try (LogCapture capture = LogCapture.start()) {
                sweep = Sweep.run(producer, Duration.ofSeconds(60));
                logs = capture.lines();
            } finally {
                maxMessageBytes(admin, null);
            }

            assertFalse(sweep.progress().failed(), sweep.progress().summary());
            assertEquals(ids, keys(sweep.on(CUSTOMERS)), "every customer on " + CUSTOMERS);
            assertEquals(ids, keys(sweep.on(EMAIL)), "every customer on " + EMAIL);
            Set<String> onSms = keys(sweep.on(SMS));
            assertEquals(difference(ids, refused), onSms, "every customer but the refused ones on " + SMS);
            sweep.on(SMS).forEach(r -> assertNull(r.value(), "only tombstones fit on " + SMS));

            List<ConsumerRecord<String, String>> dead = sweep.on(DEAD_LETTER);
            assertEquals(refused, keys(dead), "a dead letter for each refused customer");
            assertEquals(refused.size(), dead.size(), "one dead letter per refused record");
            for (ConsumerRecord<String, String> r : dead) {
                assertEquals(Set.of(), Schemas.errors(Schemas.DEAD_LETTER, r.value()), r.value());
                JsonNode envelope = mapper.readTree(r.value());
                assertEquals(r.key(), envelope.get("record_id").asText());
                assertEquals(SMS, envelope.get("topic").asText());
                assertEquals("fan-out", envelope.get("stage").asText());
                assertTrue(envelope.get("reason").asText().contains("RecordTooLargeException"), envelope.toString());
                assertTrue(
                        envelope.get("body_excerpt") == null
                                || envelope.get("body_excerpt").isNull(),
                        envelope.toString());
                var customer = simulator.attributes(r.key());
                for (String personal : List.of("email", "first_name", "last_name")) {
                    JsonNode value = customer.get(personal);
                    assertFalse(
                            value != null && value.isTextual() && r.value().contains(value.asText()),
                            personal + " of " + r.key() + " in its dead letter: " + r.value());
                }
            }
            assertEquals(
                    difference(ids, refused),
                    keys(TopicReader.readFrom(FINGERPRINTS, fingerprintsBefore)),
                    "the refused customers' fingerprints are not remembered: the next sweep tries them again");

            long splits = logs.stream()
                    .filter(line -> line.contains("splitting and retrying"))
                    .count();
            assertTrue(splits < 10, splits + " 'splitting and retrying' warnings");
            long refusals = logs.stream()
                    .filter(line -> line.contains("Kafka refused the record"))
                    .count();
            assertEquals(refused.size(), refusals, "one line a refused record");
            // the idempotent producer sends the batches in flight behind a refused one again
            // (OUT_OF_ORDER_SEQUENCE_NUMBER)
            // and says so once for each: a few lines a refusal, not thousands
            long producerLines = logs.stream()
                    .filter(line -> line.startsWith("org.apache.kafka.clients.producer"))
                    .count();
            assertTrue(
                    producerLines <= 3L * refused.size(),
                    producerLines + " lines of Kafka's producer for " + refused.size() + " refused records");
        }

        Sweep after = Sweep.run(producer);
        assertFalse(after.progress().failed(), after.progress().summary());
        assertEquals(ids, keys(after.on(SMS)), "with the limit gone, every customer on " + SMS + " again");
    }

    /** Sets the topic's max.message.bytes, or (null) returns it to the broker's. */
    private static void maxMessageBytes(Admin admin, String value) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, SMS);
        AlterConfigOp op = value == null
                ? new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value), AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(topic, List.of(op));
        admin.incrementalAlterConfigs(ops).all().get();
        // the broker applies a topic's new configuration from its metadata a moment after the change is committed: a
        // sweep started before it reads the old limit and its batches are refused and split (27 warnings, once)
        if (value != null) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> value.equals(admin.describeConfigs(List.of(topic))
                            .all()
                            .get()
                            .get(topic)
                            .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                            .value()));
        }
    }

    /** A record's key, value and headers, as serialized. */
    private static int size(ConsumerRecord<String, String> record) {
        int size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        for (Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static Set<String> difference(Set<String> all, Set<String> without) {
        Set<String> out = new HashSet<>(all);
        out.removeAll(without);
        return out;
    }
}

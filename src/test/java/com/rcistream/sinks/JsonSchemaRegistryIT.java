package com.rcistream.sinks;

import static com.rcistream.sinks.JdbcSinkIT.attributes;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;

/**
 * rci.publish.value-format=json-schema against a real Apicurio Registry: every value on the customer topics and the
 * redaction events reads as a consumer of the Confluent wire format reads it (the schema id from the bytes, the schema
 * fetched from the registry by that id, the JSON validated by it); an attribute the API adds is a second version of
 * the subject; a type that changed is one dead letter; the registry down stops the sweep as Kafka down does.
 */
@QuarkusTest
@Tag("sinks")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@QuarkusTestResource(value = ApicurioRegistry.class, restrictToAnnotatedClass = true)
@TestProfile(JsonSchemaRegistryIT.JsonSchema.class)
class JsonSchemaRegistryIT extends SimulatedApiTestBase {

    /** Sent to the registry, never to be seen in a dead letter or a sweep's failure. */
    static final String PASSWORD = "registry-s3cret-x9";

    /** json-schema values; 300 customers in pages of 100; a registry login the registry does not check. */
    public static class JsonSchema implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rci.publish.value-format", "json-schema",
                    "rci.schemas.registry-username", "rci",
                    "rci.schemas.registry-password", PASSWORD,
                    "rci.simulator.customers", "300",
                    "rci.simulator.page-size", "100");
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void valuesDecodeWithTheRegisteredSchemaANewAttributeIsANewVersionAndARegistryDownStopsTheSweep() throws Exception {
        List<String> live =
                simulator.ids().stream().filter(id -> !simulator.isRedacted(id)).toList();
        String loyal = live.get(0), changed = live.get(1);
        simulator.reshape(changed, r -> attributes(r).put("ltv_cents", "19.99 EUR"));
        simulator.reshape(loyal, r -> attributes(r).put("loyalty_tier", "gold"));
        // ids past 127: a producer that took the values as UTF-8 text would garble the id's low byte
        for (int i = 0; i < 130; i++) {
            register(
                    "rci.unrelated",
                    "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\"other-" + i
                            + "\",\"type\":\"object\"}");
        }

        Sweep first = Sweep.run(producer);

        assertFalse(first.progress().failed(), first.progress().summary());
        List<ConsumerRecord<String, String>> dead = first.on(DEAD_LETTER);
        assertEquals(1, dead.size(), "one dead letter: the customer whose ltv_cents became a string");
        JsonNode letter = mapper.readTree(dead.get(0).value()); // dead letters stay plain JSON
        assertEquals(changed, dead.get(0).key());
        assertEquals("map-customer", letter.get("stage").asText());
        assertTrue(
                letter.get("reason")
                        .asText()
                        .startsWith("attribute 'ltv_cents' is a string where its schema has int64"),
                letter.get("reason").asText());

        Map<String, byte[]> customers = latest(Sweep.CUSTOMERS);
        Set<String> expected = new HashSet<>(live);
        expected.remove(changed);
        Set<String> withValues = new HashSet<>();
        customers.forEach((key, bytes) -> {
            if (bytes != null) {
                withValues.add(key);
            }
        });
        assertEquals(expected, withValues, "one value per live key, the key the plain id");
        Set<Integer> ids = new HashSet<>();
        for (Map.Entry<String, byte[]> record : customers.entrySet()) {
            if (record.getValue() == null) {
                assertTrue(simulator.isRedacted(record.getKey()), "a tombstone is a true null");
                continue;
            }
            Decoded value = decode(record.getValue());
            ids.add(value.schemaId());
            assertEquals(record.getKey(), value.json().get("id").asText(), "ids stay strings");
            assertEquals("rci.Customer", value.schema().get("title").asText());
            assertEquals("string", value.schema().at("/properties/id/type").asText());
            assertEquals(
                    "integer",
                    value.schema().at("/properties/ltv_cents/oneOf/1/type").asText());
            assertEquals(
                    "boolean",
                    value.schema()
                            .at("/properties/email_marketing_consent/oneOf/1/type")
                            .asText());
            assertEquals(
                    record.getKey().equals(loyal),
                    value.schema().at("/properties/loyalty_tier").isObject(),
                    "only the record that carries it has loyalty_tier in its schema");
            assertEquals(
                    Set.of(),
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                            .getSchema(value.schema())
                            .validate(value.json()),
                    record.getKey());
        }
        assertEquals(
                "gold", decode(customers.get(loyal)).json().get("loyalty_tier").asText(), "nothing lost");
        assertEquals(2, ids.size(), "two shapes: the known attributes, and those plus loyalty_tier");
        assertTrue(ids.stream().allMatch(id -> id > 130), "the schema ids decoded from the bytes: " + ids);
        JsonNode versions = get("/subjects/" + Sweep.CUSTOMERS + "-value/versions");
        assertEquals(2, versions.size(), "a new attribute is a new version of the subject: " + versions);
        assertEquals(2, get("/subjects/" + Sweep.EMAIL + "-value/versions").size(), "each customer topic's subject");

        Map<String, byte[]> redactions = latest(Sweep.REDACTIONS);
        assertFalse(redactions.isEmpty(), "the data set has redacted customers");
        redactions.forEach((key, bytes) -> {
            Decoded event = decode(bytes);
            assertEquals("rci.Redaction", event.schema().get("title").asText());
            assertTrue(event.json().get("redacted_at").isTextual());
        });

        // the registry goes down while the API adds an attribute: a new schema cannot be registered
        new ApicurioRegistry().stop();
        simulator.reshape(live.get(2), r -> attributes(r).put("referral_code", "R-1"));

        Sweep second = Sweep.run(producer);

        assertTrue(second.progress().failed(), "the sweep stops, as when Kafka is down");
        assertTrue(
                second.progress().summary().contains("schema registry"),
                second.progress().summary());
        assertFalse(second.progress().summary().contains(PASSWORD));
        second.on(DEAD_LETTER).forEach(r -> assertFalse(r.value().contains(PASSWORD), r.value()));
        second.on(DEAD_LETTER)
                .forEach(r -> assertFalse(r.value().contains("Basic "), "no Authorization header: " + r.value()));
        assertNotEquals(
                List.of(),
                second.on(DEAD_LETTER),
                "the failure is reported on the dead-letter topic, with the stage and the reason");
        assertTrue(second.on(Sweep.CUSTOMERS, live.get(2)).isEmpty(), "its page is not published: the next sweep does");
    }

    /** A value as a consumer of the wire format reads it: magic byte, schema id, the schema fetched by id, the JSON. */
    private Decoded decode(byte[] bytes) {
        assertEquals(0, bytes[0], "the magic byte");
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        try {
            JsonNode answer = get("/schemas/ids/" + id);
            JsonNode schema = mapper.readTree(answer.get("schema").asText());
            JsonNode json = mapper.readTree(new String(bytes, 5, bytes.length - 5, StandardCharsets.UTF_8));
            return new Decoded(id, schema, json);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private record Decoded(int schemaId, JsonNode schema, JsonNode json) {}

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(ApicurioRegistry.ccompat() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return mapper.readTree(response.body());
    }

    private void register(String subject, String schema) throws IOException, InterruptedException {
        String body = mapper.createObjectNode()
                .put("schemaType", "JSON")
                .put("schema", schema)
                .toString();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(ApicurioRegistry.ccompat() + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The last value of each key on a topic, read as bytes (a string decoder would break the schema id). */
    private static Map<String, byte[]> latest(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return latest;
    }
}

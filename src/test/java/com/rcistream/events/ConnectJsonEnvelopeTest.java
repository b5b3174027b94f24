package com.rcistream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.PersonalData;

/**
 * The connect-json values as Kafka Connect's own JsonConverter (schemas.enable=true, what a sink's worker runs) reads
 * them: typed fields for the known attributes, the unknown ones kept, the payload the plain value itself.
 */
class ConnectJsonEnvelopeTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ConnectJsonEnvelope envelope = new ConnectJsonEnvelope(mapper);
    private final JsonConverter converter = new JsonConverter();

    ConnectJsonEnvelopeTest() {
        converter.configure(Map.of("schemas.enable", "true"), false);
    }

    @Test
    void knownAttributesAreTypedBooleansIntegersAsInt64SegmentsAsAnArrayOfStringsEveryOneOptionalButTheId()
            throws IOException {
        ObjectNode value = value("{\"id\":\"6915424362761\",\"email\":\"ada@example.com\","
                + "\"email_marketing_consent\":true,\"sms_marketing_consent\":null,\"ltv_cents\":1234567890123,"
                + "\"orders_count\":3,\"rfm\":555,\"segments\":[\"loyal\",\"big-spender\"],\"grade\":\"A\"}");

        Struct customer = read(envelope.customer(value, "6915424362761"));

        Schema schema = customer.schema();
        assertEquals(ConnectJsonEnvelope.CUSTOMER, schema.name());
        assertEquals(Schema.Type.STRING, schema.field("id").schema().type());
        assertFalse(schema.field("id").schema().isOptional(), "the id is required");
        assertEquals("6915424362761", customer.get("id"), "ids stay strings");
        assertEquals(
                Schema.Type.BOOLEAN,
                schema.field("email_marketing_consent").schema().type());
        assertEquals(true, customer.get("email_marketing_consent"));
        assertNull(customer.get("sms_marketing_consent"));
        assertEquals(Schema.Type.INT64, schema.field("ltv_cents").schema().type());
        assertEquals(1234567890123L, customer.get("ltv_cents"));
        assertEquals(3L, customer.get("orders_count"));
        assertEquals(Schema.Type.ARRAY, schema.field("segments").schema().type());
        assertEquals(
                Schema.Type.STRING,
                schema.field("segments").schema().valueSchema().type());
        assertEquals(List.of("loyal", "big-spender"), customer.get("segments"));
        // a known attribute the record lacks is a null field of its own type
        assertEquals(Schema.Type.STRING, schema.field("cohort").schema().type());
        assertNull(customer.get("cohort"));
        schema.fields().stream()
                .filter(f -> !f.name().equals("id"))
                .forEach(f -> assertTrue(f.schema().isOptional(), f.name() + " optional"));
    }

    @Test
    void thePayloadIsThePlainValueByteForByte() throws IOException {
        ObjectNode value = value("{\"id\":\"c-1\",\"ltv_cents\":12,\"loyalty\":{\"tier\":\"gold\"},\"x\":null}");
        String enveloped = envelope.customer(value, "c-1");

        assertTrue(enveloped.endsWith(",\"payload\":" + value + "}"), enveloped);
        assertEquals(value, mapper.readTree(enveloped).get("payload"));
    }

    @Test
    void anUnknownAttributeBecomesAnOptionalFieldOfTheTypeOfItsValueAndIsNeverDropped() throws IOException {
        ObjectNode value = value("{\"id\":\"c-2\",\"loyalty_tier\":\"gold\",\"points\":12,\"ratio\":0.25,"
                + "\"tags\":[\"a\",\"b\"],\"opted_in\":false,\"address\":{\"city\":\"Lyon\",\"zip\":69001},"
                + "\"weights\":[1,2.5]}");

        Struct customer = read(envelope.customer(value, "c-2"));

        Schema schema = customer.schema();
        Map<String, Schema.Type> types = new LinkedHashMap<>();
        for (String name : List.of("loyalty_tier", "points", "ratio", "tags", "opted_in", "address", "weights")) {
            assertTrue(schema.field(name).schema().isOptional(), name);
            types.put(name, schema.field(name).schema().type());
        }
        assertEquals(
                Map.of(
                        "loyalty_tier", Schema.Type.STRING,
                        "points", Schema.Type.INT64,
                        "ratio", Schema.Type.FLOAT64,
                        "tags", Schema.Type.ARRAY,
                        "opted_in", Schema.Type.BOOLEAN,
                        "address", Schema.Type.STRUCT,
                        "weights", Schema.Type.ARRAY),
                types);
        assertEquals("gold", customer.get("loyalty_tier"));
        assertEquals(12L, customer.get("points"));
        assertEquals(0.25, customer.get("ratio"));
        assertEquals(List.of("a", "b"), customer.get("tags"));
        assertEquals(69001L, customer.getStruct("address").get("zip"));
        assertEquals(List.of(1.0, 2.5), customer.get("weights"), "integers and decimals in one array: doubles");
        // after every known attribute, in the record's order
        List<String> names = schema.fields().stream().map(f -> f.name()).toList();
        assertEquals(
                List.of("loyalty_tier", "points", "ratio", "tags", "opted_in", "address", "weights"),
                names.subList(names.size() - 7, names.size()));
    }

    @Test
    void aKnownAttributeWhoseTypeChangedIsABadRecordNamingTheAttributeNotItsValue() throws IOException {
        ObjectNode value = value("{\"id\":\"c-3\",\"ltv_cents\":\"1999\",\"email\":\"ada@example.com\"}");

        BadRecordException bad = assertThrows(BadRecordException.class, () -> envelope.customer(value, "c-3"));

        assertEquals("c-3", bad.recordId());
        assertFalse(PersonalData.mask(bad.record()).contains("1999"), "a dead letter masks every attribute's value");
        assertEquals(
                "attribute 'ltv_cents' is a string where its schema has int64: a Kafka Connect field cannot change its"
                        + " type (rci.publish.value-format=connect-json)",
                bad.getMessage());
        assertThrows(
                BadRecordException.class,
                () -> envelope.customer(value("{\"id\":\"c-4\",\"email_marketing_consent\":\"true\"}"), "c-4"));
        assertThrows(
                BadRecordException.class,
                () -> envelope.customer(value("{\"id\":\"c-5\",\"segments\":[\"a\",3]}"), "c-5"));
        assertThrows(BadRecordException.class, () -> envelope.customer(value("{\"id\":\"c-6\",\"rfm\":5.5}"), "c-6"));
    }

    @Test
    void anUnknownAttributeKeepsTheTypeItWasFirstSeenWithAnIntegerWhereADoubleWasSeenIsStillADouble()
            throws IOException {
        envelope.customer(value("{\"id\":\"c-7\",\"points\":12,\"ratio\":0.5}"), "c-7");

        BadRecordException bad = assertThrows(
                BadRecordException.class,
                () -> envelope.customer(value("{\"id\":\"c-8\",\"points\":\"twelve\"}"), "c-8"));
        assertTrue(
                bad.getMessage().startsWith("attribute 'points' is a string where its schema has int64"),
                bad.getMessage());
        assertThrows(
                BadRecordException.class, () -> envelope.customer(value("{\"id\":\"c-9\",\"points\":1.5}"), "c-9"));
        Struct widened = read(envelope.customer(value("{\"id\":\"c-10\",\"ratio\":2}"), "c-10"));
        assertEquals(
                Schema.Type.FLOAT64, widened.schema().field("ratio").schema().type());
        assertEquals(2.0, widened.get("ratio"));
    }

    @Test
    void aNullUnknownAttributeKeepsItsFieldOnceItsTypeWasSeenSoThatASinkWritesTheNull() throws IOException {
        Struct before = read(envelope.customer(value("{\"id\":\"c-12\",\"tier\":null}"), "c-12"));
        assertNull(before.schema().field("tier"), "a null of a type never seen: no field");

        envelope.customer(value("{\"id\":\"c-13\",\"tier\":\"gold\"}"), "c-13");
        Struct after = read(envelope.customer(value("{\"id\":\"c-14\",\"tier\":null}"), "c-14"));

        assertEquals(Schema.Type.STRING, after.schema().field("tier").schema().type());
        assertNull(after.get("tier"));
    }

    @Test
    void theRedactionEventHasItsOwnSchemaItsTimeAsText() throws IOException {
        Struct event = read(envelope.redaction(
                value("{\"account\":\"store-1\",\"id\":\"c-11\",\"redacted_at\":\"2026-11-30T08:00:00Z\"}")));

        assertEquals(ConnectJsonEnvelope.REDACTION, event.schema().name());
        assertEquals(
                List.of("account", "id", "redacted_at"),
                event.schema().fields().stream().map(f -> f.name()).toList());
        assertEquals("c-11", event.get("id"));
        assertEquals("2026-11-30T08:00:00Z", event.get("redacted_at"));
    }

    @Test
    void theKnownAttributesAreThoseOfSchemasCustomerSchemaJsonWithTheirTypes() throws IOException {
        JsonNode properties = mapper.readTree(
                        Path.of("schemas", "customer.schema.json").toFile())
                .get("properties");
        Map<String, String> expected = new LinkedHashMap<>();
        properties.properties().forEach(p -> expected.put(p.getKey(), connectType(p.getValue())));
        Map<String, String> actual = new LinkedHashMap<>();
        envelope.known()
                .forEach((name, schema) -> actual.put(
                        name,
                        schema.get("type").asText()
                                + (schema.has("items")
                                        ? "<" + schema.get("items").get("type").asText() + ">"
                                        : "")));

        assertEquals(expected, actual);
    }

    /** The Connect type a JSON Schema property maps to. */
    private static String connectType(JsonNode property) {
        JsonNode type = property.get("type");
        String json = type.isArray() ? type.get(0).asText() : type.asText();
        return switch (json) {
            case "integer" -> "int64";
            case "number" -> "double";
            case "array" -> "array<" + property.get("items").get("type").asText() + ">";
            default -> json;
        };
    }

    private Struct read(String enveloped) {
        SchemaAndValue read = converter.toConnectData("rci.customers", enveloped.getBytes(StandardCharsets.UTF_8));
        return (Struct) read.value();
    }

    private ObjectNode value(String json) throws IOException {
        return (ObjectNode) mapper.readTree(json);
    }
}

package com.rcistream.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.rcistream.errors.BadRecordException;

/**
 * The json-schema values: the JSON Schema each record gets (checked by a draft-07 validator), how it follows attributes
 * the API adds, the dead letter of a type that changed, and the Confluent wire format around the value.
 */
class JsonSchemaDerivationTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonSchemaDerivation schemas = new JsonSchemaDerivation(mapper);

    @Test
    void theValueIsValidUnderItsSchemaWhichTypesTheKnownAttributesAndRequiresOnlyTheId() throws IOException {
        ObjectNode value = value("{\"id\":\"6915424362761\",\"email\":\"ada@example.com\","
                + "\"email_marketing_consent\":true,\"sms_marketing_consent\":null,\"ltv_cents\":1234567890123,"
                + "\"segments\":[\"loyal\"],\"grade\":\"A\"}");
        JsonNode schema = mapper.readTree(schemas.customer(value, "6915424362761"));

        assertEquals(JsonSchemaDerivation.DRAFT, schema.get("$schema").asText());
        assertEquals(ConnectJsonEnvelope.CUSTOMER, schema.get("title").asText());
        assertEquals(List.of("id"), names(schema.get("required")));
        assertEquals("string", schema.at("/properties/id/type").asText(), "ids stay strings");
        assertEquals(
                "boolean",
                schema.at("/properties/email_marketing_consent/oneOf/1/type").asText());
        assertEquals("integer", schema.at("/properties/ltv_cents/oneOf/1/type").asText());
        assertEquals(
                "string", schema.at("/properties/segments/oneOf/1/items/type").asText());
        assertEquals(Set.of(), validate(schema, value));
        // the schema is what a validator enforces: a wrong type fails it
        assertFalse(
                validate(schema, value("{\"id\":\"1\",\"ltv_cents\":\"12\"}")).isEmpty());
        assertFalse(validate(schema, value("{\"email\":\"a@b\"}")).isEmpty(), "the id is required");
    }

    @Test
    void theKnownPropertiesAreThoseOfSchemasCustomerSchemaJsonInItsOrder() throws IOException {
        List<String> expected =
                names(mapper.readTree(Path.of("schemas", "customer.schema.json").toFile())
                        .get("properties"));
        JsonNode schema = mapper.readTree(schemas.customer(value("{\"id\":\"1\"}"), "1"));
        assertEquals(expected, names(schema.get("properties")));
    }

    @Test
    void anAttributeTheApiAddsIsANewOptionalPropertyAndTheKnownOnesStayAsTheyWere() throws IOException {
        String before = schemas.customer(value("{\"id\":\"1\",\"ltv_cents\":5}"), "1");
        ObjectNode added = value("{\"id\":\"2\",\"loyalty\":{\"tier\":\"gold\",\"points\":12},\"vip\":true}");
        String after = schemas.customer(added, "2");

        assertNotEquals(before, after, "a new shape is a new schema (a new version in the registry)");
        JsonNode old = mapper.readTree(before), now = mapper.readTree(after);
        old.get("properties")
                .properties()
                .forEach(p -> assertEquals(
                        p.getValue(),
                        now.get("properties").get(p.getKey()),
                        p.getKey() + " unchanged: backward compatible"));
        assertEquals(old.get("required"), now.get("required"), "nothing new is required");
        assertEquals("object", now.at("/properties/loyalty/oneOf/1/type").asText());
        assertEquals(
                "integer",
                now.at("/properties/loyalty/oneOf/1/properties/points/oneOf/1/type")
                        .asText());
        assertEquals("boolean", now.at("/properties/vip/oneOf/1/type").asText());
        assertEquals(Set.of(), validate(now, added));
        assertSame(after, schemas.customer(added.deepCopy().put("id", "3"), "3"), "one schema a shape, cached");
        assertEquals(before, schemas.customer(value("{\"id\":\"4\",\"new\":null}"), "4"), "a null says no type");
    }

    @Test
    void aKnownAttributeOfAnotherTypeIsABadRecordNamingItAndBothTypesNeverTheValue() {
        BadRecordException bad = assertThrows(
                BadRecordException.class,
                () -> schemas.customer(value("{\"id\":\"7\",\"ltv_cents\":\"19.99 EUR\"}"), "7"));
        assertEquals("7", bad.recordId());
        assertTrue(bad.getMessage().contains("'ltv_cents' is a string where its schema has int64"), bad.getMessage());
        assertFalse(bad.getMessage().contains("19.99"), "never the value: it may be personal data");
        assertThrows(BadRecordException.class, () -> schemas.customer(value("{\"id\":7}"), "7"), "ids stay strings");
        assertThrows(
                BadRecordException.class, () -> schemas.customer(value("{\"id\":\"7\",\"segments\":[\"a\",3]}"), "7"));
    }

    @Test
    void anUnknownAttributeKeepsTheTypeItWasFirstSeenWithAnIntegerWhereANumberWasExcepted() throws IOException {
        schemas.customer(value("{\"id\":\"1\",\"score\":1.5,\"tag\":\"x\"}"), "1");
        JsonNode widened = mapper.readTree(schemas.customer(value("{\"id\":\"2\",\"score\":2}"), "2"));
        assertEquals("number", widened.at("/properties/score/oneOf/1/type").asText());

        BadRecordException bad =
                assertThrows(BadRecordException.class, () -> schemas.customer(value("{\"id\":\"3\",\"tag\":42}"), "3"));
        assertTrue(bad.getMessage().contains("'tag' is an integer where its schema has string (as first seen)"));
        assertThrows(
                BadRecordException.class, () -> schemas.customer(value("{\"id\":\"4\",\"mixed\":[1,\"a\"]}"), "4"));
    }

    @Test
    void aRedactionEventHasItsOwnSchemaTheTimeRequiredAsText() throws IOException {
        JsonNode schema = mapper.readTree(schemas.redaction());
        assertEquals(ConnectJsonEnvelope.REDACTION, schema.get("title").asText());
        assertEquals(List.of("id", "redacted_at"), names(schema.get("required")));
        assertEquals(
                Set.of(), validate(schema, value("{\"account\":\"eu\",\"id\":\"1\",\"redacted_at\":\"2026-12-04\"}")));
    }

    @Test
    void theWireFormatIsTheMagicByteTheIdBigEndianThenTheJsonInUtf8() {
        String json = "{\"id\":\"1\",\"first_name\":\"Zoë\"}";
        byte[] framed = RegisteredValues.frame(300, schemas, schemas.customer(value(json), "1"), value(json));

        assertEquals(0, framed[0], "magic byte");
        assertArrayEquals(new byte[] {0, 0, 1, 44}, Arrays.copyOfRange(framed, 1, 5), "300, big-endian");
        assertEquals(300, ByteBuffer.wrap(framed, 1, 4).getInt());
        assertEquals(json, new String(framed, 5, framed.length - 5, StandardCharsets.UTF_8));
        assertEquals(5 + json.getBytes(StandardCharsets.UTF_8).length, framed.length);
        assertEquals(
                0x7fff_ffff,
                ByteBuffer.wrap(RegisteredValues.frame(0x7fff_ffff, schemas, schemas.redaction(), value("{}")), 1, 4)
                        .getInt());
    }

    private Set<ValidationMessage> validate(JsonNode schema, JsonNode value) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(schema)
                .validate(value);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private ObjectNode value(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

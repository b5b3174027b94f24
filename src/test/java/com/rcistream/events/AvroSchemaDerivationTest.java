package com.rcistream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.errors.BadRecordException;

/**
 * The avro values: the record schema each value gets, read back by Avro's own generic reader; an attribute the API
 * adds a new optional field whose schema a reader of the old one can take (backward compatible); a changed type the
 * record's dead letter.
 */
class AvroSchemaDerivationTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final AvroSchemaDerivation schemas = new AvroSchemaDerivation(mapper);

    @Test
    void aValueReadsBackUnderItsSchemaWithTheKnownAttributesTypedAndTheIdAString() throws IOException {
        ObjectNode value = value("{\"id\":\"6915424362761\",\"email\":\"zoë@example.com\","
                + "\"email_marketing_consent\":true,\"sms_marketing_consent\":null,\"ltv_cents\":1234567890123,"
                + "\"segments\":[\"loyal\",null],\"grade\":\"A\"}");
        Schema schema = new Schema.Parser().parse(schemas.customer(value, "6915424362761"));
        GenericRecord read = read(schema, value);

        assertEquals("rci.Customer", schema.getFullName());
        assertEquals(Schema.Type.STRING, schema.getField("id").schema().getType(), "ids stay strings, required");
        assertEquals("6915424362761", read.get("id").toString());
        assertEquals("zoë@example.com", read.get("email").toString());
        assertEquals(true, read.get("email_marketing_consent"));
        assertNull(read.get("sms_marketing_consent"));
        assertNull(read.get("first_name"), "an attribute the record lacks is null");
        assertEquals(1234567890123L, read.get("ltv_cents"));
        assertEquals("[loyal, null]", read.get("segments").toString());
        for (Schema.Field field : schema.getFields()) {
            if (!field.name().equals("id")) {
                assertEquals(Schema.Type.UNION, field.schema().getType(), field.name() + " is optional");
                assertEquals(Schema.Type.NULL, field.schema().getTypes().get(0).getType());
                assertTrue(field.hasDefaultValue() && field.defaultVal() == org.apache.avro.JsonProperties.NULL_VALUE);
            }
        }
    }

    @Test
    void theKnownFieldsAreThoseOfSchemasCustomerSchemaJsonInItsOrder() throws IOException {
        List<String> expected = new ArrayList<>();
        mapper.readTree(Path.of("schemas", "customer.schema.json").toFile())
                .get("properties")
                .fieldNames()
                .forEachRemaining(expected::add);
        Schema schema = new Schema.Parser().parse(schemas.customer(value("{\"id\":\"1\"}"), "1"));
        assertEquals(
                expected, schema.getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void anAddedAttributeIsANewOptionalFieldAndTheNewSchemaReadsValuesOfTheOld() throws IOException {
        Schema before = new Schema.Parser().parse(schemas.customer(value("{\"id\":\"1\",\"ltv_cents\":5}"), "1"));
        ObjectNode added = value("{\"id\":\"2\",\"loyalty-tier\":\"gold\",\"points\":{\"total\":12,\"rate\":1.5}}");
        String text = schemas.customer(added, "2");
        Schema after = new Schema.Parser().parse(text);

        assertNotEquals(before, after, "a new shape is a new schema (a new version in the registry)");
        assertEquals(before.getFields().size() + 2, after.getFields().size());
        assertEquals(
                SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(after, before)
                        .getType(),
                "backward compatible: the new schema reads the old values, the new field null");
        assertEquals(
                SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(before, after)
                        .getType(),
                "and forward: a reader of the old schema skips the new field");
        GenericRecord read = read(after, added);
        assertEquals("gold", read.get("loyalty_tier").toString(), "a hyphen is not in an Avro name: an underscore");
        assertEquals(12L, ((GenericRecord) read.get("points")).get("total"));
        assertEquals(1.5, ((GenericRecord) read.get("points")).get("rate"));
    }

    @Test
    void aKnownAttributeOfAnotherTypeIsTheRecordsDeadLetterNamingBothTypes() {
        BadRecordException e = assertThrows(
                BadRecordException.class,
                () -> schemas.customer(value("{\"id\":\"7\",\"ltv_cents\":\"19.99 EUR\"}"), "7"));
        assertEquals("7", e.recordId());
        assertTrue(e.getMessage().contains("'ltv_cents' is a string where its schema has int64"), e.getMessage());
        assertTrue(e.getMessage().contains("rci.publish.value-format=avro"), e.getMessage());
        assertTrue(!e.getMessage().contains("19.99"), "the value is never quoted in the reason");
    }

    @Test
    void twoAttributesThatWouldBeOneAvroFieldAreTheRecordsDeadLetter() {
        BadRecordException e = assertThrows(
                BadRecordException.class,
                () -> schemas.customer(value("{\"id\":\"8\",\"tier-a\":\"x\",\"tier.a\":\"y\"}"), "8"));
        assertEquals("8", e.recordId());
        assertTrue(e.getMessage().contains("'tier.a' is the Avro field 'tier_a'"), e.getMessage());
    }

    @Test
    void aRedactionEventHasItsOwnRecordTheTimeRequired() throws IOException {
        Schema schema = new Schema.Parser().parse(schemas.redaction());
        ObjectNode event = value("{\"account\":\"eu\",\"id\":\"1\",\"redacted_at\":\"2026-12-04T10:00:00Z\"}");
        GenericRecord read = read(schema, event, schemas.redaction());
        assertEquals("rci.Redaction", schema.getFullName());
        assertEquals(Schema.Type.STRING, schema.getField("redacted_at").schema().getType());
        assertEquals("2026-12-04T10:00:00Z", read.get("redacted_at").toString());
        assertEquals("eu", read.get("account").toString());
    }

    private GenericRecord read(Schema schema, ObjectNode value) throws IOException {
        return read(schema, value, schemas.customer(value, value.get("id").asText()));
    }

    private GenericRecord read(Schema schema, ObjectNode value, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        schemas.write(text, value, out);
        byte[] bytes = out.toByteArray();
        var decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        GenericRecord record =
                new GenericDatumReader<GenericRecord>(schema, schema, GenericData.get()).read(null, decoder);
        assertTrue(decoder.isEnd(), "every byte read");
        return record;
    }

    private ObjectNode value(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

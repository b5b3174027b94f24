package com.rcistream.events;

import java.io.ByteArrayOutputStream;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.config.RciConfig;
import com.rcistream.config.SchemasConfig;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.SchemaRegistryException;

/**
 * Values in the Confluent wire format (rci.publish.value-format=json-schema or avro): the magic byte 0, the schema's
 * 4-byte id in the registry (big-endian), then the value under that schema (the plain JSON, or Avro's binary). A
 * customer's schema is registered, on first use of its shape, under the subjects of the customer topics; a redaction
 * event's under the redactions topic's.
 */
public final class RegisteredValues {

    static final byte MAGIC = 0;

    private final ValueSchemas schemas;
    private final SchemaRegistryClient registry;
    private final List<String> customerTopics;
    private final String redactions;

    public RegisteredValues(ObjectMapper mapper, RciConfig config, ValueSchemas schemas) {
        SchemasConfig settings = config.schemas();
        String url = settings.registryUrl()
                .orElseThrow(() -> new IllegalStateException("rci.publish.value-format="
                        + config.publish().valueFormat() + " needs rci.schemas.registry-url"));
        this.schemas = schemas;
        this.registry = new SchemaRegistryClient(
                mapper,
                url,
                schemas.schemaType(),
                settings.registryUsername(),
                settings.registryPassword(),
                settings.registryTimeout());
        RciConfig.Topic topics = config.topic();
        this.customerTopics = List.of(topics.customers(), topics.emailMarketing(), topics.smsMarketing());
        this.redactions = topics.redactions();
    }

    /** A customer's value; a BadRecordException when it does not fit its schema or the registry refuses it. */
    public byte[] customer(ObjectNode value, String id) {
        String schema = schemas.customer(value, id);
        int schemaId = -1;
        for (String topic : customerTopics) {
            int registered = registry.register(topic, schema, id);
            schemaId = schemaId < 0 ? registered : schemaId;
        }
        return frame(schemaId, schemas, schema, value);
    }

    /** A redaction event's value. */
    public byte[] redaction(ObjectNode event, String id) {
        if (event.get("redacted_at") != null && !event.get("redacted_at").isTextual()) {
            event = event.deepCopy().put("redacted_at", event.get("redacted_at").asText());
        }
        try {
            String schema = schemas.redaction();
            return frame(registry.register(redactions, schema, id), schemas, schema, event);
        } catch (BadRecordException refused) {
            // an erasure is never one record's failure to drop: the sweep stops until the subject takes the schema
            throw new SchemaRegistryException(refused.getMessage(), refused);
        }
    }

    /** The wire format around a value. */
    static byte[] frame(int schemaId, ValueSchemas schemas, String schema, ObjectNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        out.write(MAGIC);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        schemas.write(schema, value, out);
        return out.toByteArray();
    }
}

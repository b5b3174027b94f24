package com.rcistream.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema (draft-07) of a value, translated from the Connect schema {@link ConnectJsonEnvelope} derives (the
 * known attributes of {@code schemas/customer.schema.json}, then what else the record carries, typed by its value), so
 * both formats see an added attribute, and refuse a changed type, alike: struct is object, int64 integer, double
 * number, an optional field {@code oneOf} null and its type (what sinks' converters read as an optional field).
 */
public final class JsonSchemaDerivation implements ValueSchemas {

    static final String DRAFT = "http://json-schema.org/draft-07/schema#";
    /** Translations remembered, one a shape (as many as the envelope remembers shapes). */
    private static final int MAX_SHAPES = 1024;

    private final ObjectMapper mapper;
    private final ConnectJsonEnvelope connect;
    private final Map<String, String> translated = new ConcurrentHashMap<>();
    private final String redaction;

    public JsonSchemaDerivation(ObjectMapper mapper) {
        this.mapper = mapper;
        this.connect = new ConnectJsonEnvelope(
                mapper,
                "a property of a registered schema cannot change its type (rci.publish.value-format=json-schema)");
        this.redaction = translate(connect.redactionSchema());
    }

    @Override
    public String schemaType() {
        return "JSON";
    }

    @Override
    public String redaction() {
        return redaction;
    }

    @Override
    public String customer(ObjectNode value, String id) {
        String schema = connect.schema(value, id);
        String json = translated.get(schema);
        if (json == null) {
            json = translate(schema);
            if (translated.size() < MAX_SHAPES) {
                translated.put(schema, json);
            }
        }
        return json;
    }

    /** The plain value's JSON, byte for byte. */
    @Override
    public void write(String schema, ObjectNode value, ByteArrayOutputStream out) {
        out.writeBytes(value.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String translate(String connectSchema) {
        try {
            JsonNode struct = mapper.readTree(connectSchema);
            ObjectNode root = mapper.createObjectNode()
                    .put("$schema", DRAFT)
                    .put("title", struct.get("name").asText());
            root.setAll(type(struct));
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Connect schema's JSON Schema, without its optionality. */
    private ObjectNode type(JsonNode connect) {
        ObjectNode schema = mapper.createObjectNode();
        switch (connect.get("type").asText()) {
            case "struct" -> {
                schema.put("type", "object");
                ObjectNode properties = schema.putObject("properties");
                ArrayNode required = mapper.createArrayNode();
                for (JsonNode field : connect.get("fields")) {
                    String name = field.get("field").asText();
                    boolean optional = field.path("optional").asBoolean(true);
                    properties.set(name, optional ? nullable(type(field)) : type(field));
                    if (!optional) {
                        required.add(name);
                    }
                }
                if (!required.isEmpty()) {
                    schema.set("required", required);
                }
            }
            case "array" -> {
                schema.put("type", "array");
                schema.set("items", type(connect.get("items")));
            }
            case "int64" -> schema.put("type", "integer");
            case "double" -> schema.put("type", "number");
            default -> schema.put("type", connect.get("type").asText()); // string, boolean
        }
        return schema;
    }

    private ObjectNode nullable(ObjectNode schema) {
        ObjectNode node = mapper.createObjectNode();
        node.putArray("oneOf")
                .add(mapper.createObjectNode().put("type", "null"))
                .add(schema);
        return node;
    }
}

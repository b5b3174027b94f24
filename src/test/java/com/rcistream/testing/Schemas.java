package com.rcistream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The JSON Schemas of the topics' values, read from schemas/ in the repository (the ones docs/kafka-contract.md links). */
public final class Schemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonSchema CUSTOMER = load("customer.schema.json");
    public static final JsonSchema REDACTION = load("redaction.schema.json");
    public static final JsonSchema DEAD_LETTER = load("dead-letter.schema.json");
    public static final JsonSchema CHANGE = load("change.schema.json");

    private Schemas() {}

    /** The validation errors of a value (empty when it is valid). */
    public static Set<ValidationMessage> errors(JsonSchema schema, String value) {
        try {
            return schema.validate(MAPPER.readTree(value));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + value, e);
        }
    }

    private static JsonSchema load(String name) {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(Path.of("schemas", name))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, config);
        } catch (IOException e) {
            throw new AssertionError("cannot read schemas/" + name, e);
        }
    }
}

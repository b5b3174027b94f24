package com.rcistream.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.errors.BadRecordException;

/**
 * The Avro record schema of a value, translated from the Connect schema {@link ConnectJsonEnvelope} derives (so an
 * added attribute, and a changed type, are seen as in the other formats): string, boolean, int64 long, double, array,
 * struct a record; every field optional but the id, a union of null and its type with the default null. The value is
 * written in Avro's binary encoding by walking that schema and the JSON, with no generic or reflected data model.
 */
public final class AvroSchemaDerivation implements ValueSchemas {

    private static final String NAMESPACE = "rci";
    private static final int MAX_SHAPES = 1024;
    private static final Schema NULL = Schema.create(Schema.Type.NULL);

    private final ObjectMapper mapper;
    private final ConnectJsonEnvelope connect;
    /** Translations by Connect schema, and the same by the Avro schema's text the registry knows. */
    private final Map<String, Shape> byConnect = new ConcurrentHashMap<>();

    private final Map<String, Shape> byText = new ConcurrentHashMap<>();
    private final Shape redaction;

    /** A translated schema: its text, and how to write a value under it. */
    record Shape(Schema schema, String text, Writer writer) {}

    /** How one schema's values are written: an attribute's name, its type, optional or not, its parts. */
    record Writer(Schema.Type type, boolean optional, String[] attributes, Writer[] fields, Writer items) {}

    public AvroSchemaDerivation(ObjectMapper mapper) {
        this.mapper = mapper;
        this.connect = new ConnectJsonEnvelope(
                mapper, "a field of a registered Avro schema cannot change its type (rci.publish.value-format=avro)");
        this.redaction = remember(translate(connect.redactionSchema(), null));
    }

    @Override
    public String schemaType() {
        return "AVRO";
    }

    @Override
    public String redaction() {
        return redaction.text();
    }

    @Override
    public String customer(ObjectNode value, String id) {
        String connectSchema = connect.schema(value, id);
        Shape shape = byConnect.get(connectSchema);
        if (shape == null) {
            shape = translate(connectSchema, id);
            if (byConnect.size() < MAX_SHAPES) {
                byConnect.put(connectSchema, remember(shape));
            } else {
                byText.putIfAbsent(shape.text(), shape);
            }
        }
        return shape.text();
    }

    @Override
    public void write(String schema, ObjectNode value, ByteArrayOutputStream out) {
        Shape shape = byText.get(schema);
        Encoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            write(shape.writer(), value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Avro schema itself, for tests and readers. */
    Schema parsed(String text) {
        return byText.get(text).schema();
    }

    private Shape remember(Shape shape) {
        byText.putIfAbsent(shape.text(), shape);
        return shape;
    }

    private Shape translate(String connectSchema, String id) {
        try {
            JsonNode struct = mapper.readTree(connectSchema);
            List<Writer> writer = new ArrayList<>(1);
            Schema schema = type(struct, struct.get("name").asText().substring(NAMESPACE.length() + 1), id, writer);
            return new Shape(schema, schema.toString(), writer.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Connect schema's Avro type (without its optionality), and the writer of its values into {@code writers}. */
    private Schema type(JsonNode connect, String recordName, String id, List<Writer> writers) {
        boolean optional = connect.path("optional").asBoolean(true);
        Schema schema;
        switch (connect.get("type").asText()) {
            case "struct" -> {
                List<Schema.Field> fields = new ArrayList<>();
                List<Writer> parts = new ArrayList<>();
                List<String> attributes = new ArrayList<>();
                Set<String> names = new HashSet<>();
                for (JsonNode field : connect.get("fields")) {
                    String attribute = field.get("field").asText();
                    String name = avroName(attribute);
                    if (!names.add(name)) {
                        throw new BadRecordException(
                                "attribute '" + attribute + "' is the Avro field '" + name
                                        + "' another attribute of the record already is (Avro names: letters, digits, _)",
                                id,
                                null);
                    }
                    Schema type = type(field, recordName + "_" + name, id, parts);
                    boolean nullable = field.path("optional").asBoolean(true);
                    fields.add(
                            nullable
                                    ? new Schema.Field(
                                            name, Schema.createUnion(NULL, type), null, Schema.Field.NULL_DEFAULT_VALUE)
                                    : new Schema.Field(name, type));
                    attributes.add(attribute);
                }
                schema = Schema.createRecord(recordName, null, NAMESPACE, false, fields);
                writers.add(new Writer(
                        Schema.Type.RECORD,
                        optional,
                        attributes.toArray(String[]::new),
                        parts.toArray(Writer[]::new),
                        null));
                return schema;
            }
            case "array" -> {
                List<Writer> items = new ArrayList<>(1);
                schema =
                        Schema.createArray(Schema.createUnion(NULL, type(connect.get("items"), recordName, id, items)));
                writers.add(new Writer(Schema.Type.ARRAY, optional, null, null, items.get(0)));
                return schema;
            }
            case "int64" -> schema = Schema.create(Schema.Type.LONG);
            case "double" -> schema = Schema.create(Schema.Type.DOUBLE);
            case "boolean" -> schema = Schema.create(Schema.Type.BOOLEAN);
            default -> schema = Schema.create(Schema.Type.STRING);
        }
        writers.add(new Writer(schema.getType(), optional, null, null, null));
        return schema;
    }

    /** An attribute's Avro field name: the API's snake_case as it is; any other character an underscore. */
    static String avroName(String attribute) {
        StringBuilder name = new StringBuilder(attribute.length() + 1);
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (digit && i > 0)) {
                name.append(c);
            } else {
                name.append(digit ? "_" + c : "_"); // a name cannot begin with a digit
            }
        }
        return name.isEmpty() ? "_" : name.toString();
    }

    private static void write(Writer writer, JsonNode v, Encoder out) throws IOException {
        switch (writer.type()) {
            case RECORD -> {
                for (int i = 0; i < writer.fields().length; i++) {
                    Writer field = writer.fields()[i];
                    JsonNode fieldValue = v.get(writer.attributes()[i]);
                    if (field.optional()) {
                        boolean absent = fieldValue == null || fieldValue.isNull();
                        out.writeIndex(absent ? 0 : 1);
                        if (absent) {
                            continue;
                        }
                    }
                    write(field, fieldValue, out);
                }
            }
            case ARRAY -> {
                out.writeArrayStart();
                out.setItemCount(v.size());
                for (JsonNode element : v) {
                    out.startItem();
                    out.writeIndex(element.isNull() ? 0 : 1);
                    if (!element.isNull()) {
                        write(writer.items(), element, out);
                    }
                }
                out.writeArrayEnd();
            }
            case LONG -> out.writeLong(v.longValue());
            case DOUBLE -> out.writeDouble(v.doubleValue());
            case BOOLEAN -> out.writeBoolean(v.booleanValue());
            default -> out.writeString(v.asText());
        }
    }
}

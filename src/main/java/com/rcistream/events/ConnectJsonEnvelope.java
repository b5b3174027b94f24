package com.rcistream.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.errors.BadRecordException;

/**
 * Kafka Connect's JSON envelope of a value ({@code {"schema":..., "payload":...}}, what Connect's JsonConverter reads
 * with {@code schemas.enable=true}): the payload is the plain value unchanged; the schema is the customer's known
 * attributes ({@code schemas/customer.schema.json}, each optional but the id), then what else the record carries,
 * typed by its value (a null, by the type it was first seen with, else left out). A value that does not fit its field's type (a known attribute's, or an unknown one's as first
 * seen since start) makes the record a {@link BadRecordException}: a sink cannot change a column's type.
 */
public final class ConnectJsonEnvelope {

    /** The Connect schema names of the two values. */
    static final String CUSTOMER = "rci.Customer", REDACTION = "rci.Redaction";

    private static final String STRING = "string", BOOLEAN = "boolean", INT64 = "int64", FLOAT64 = "double";
    private static final String ARRAY = "array", STRUCT = "struct";
    private static final Set<String> SCALARS = Set.of(STRING, BOOLEAN, INT64, FLOAT64);
    /** Bounds of what is remembered: shapes of unknown attributes seen, and their names. */
    private static final int MAX_SHAPES = 1024, MAX_LEARNED = 4096;

    private final ObjectMapper mapper;
    private final Map<String, ObjectNode> known = new LinkedHashMap<>();
    private final Map<String, String> learned = new ConcurrentHashMap<>();
    private final Map<String, String> shapes = new ConcurrentHashMap<>();
    private final String knownOnly;
    private final String redaction;
    /** Why a type cannot change, in the words of the format chosen. */
    private final String because;

    public ConnectJsonEnvelope(ObjectMapper mapper) {
        this(mapper, "a Kafka Connect field cannot change its type (rci.publish.value-format=connect-json)");
    }

    /** The same schemas for another format (json-schema translates them), its dead letters saying {@code because}. */
    ConnectJsonEnvelope(ObjectMapper mapper, String because) {
        this.mapper = mapper;
        this.because = because;
        known.put("account", scalar(STRING));
        known.put("id", scalar(STRING).put("optional", false));
        for (String name : List.of("remote_created_at", "remote_updated_at", "first_name", "last_name", "email")) {
            known.put(name, scalar(STRING));
        }
        known.put("email_marketing_consent", scalar(BOOLEAN));
        known.put("sms_marketing_consent", scalar(BOOLEAN));
        known.put("created_at", scalar(STRING));
        known.put("updated_at", scalar(STRING));
        known.put("ltv_cents", scalar(INT64));
        known.put("ltv_currency", scalar(STRING));
        known.put("orders_count", scalar(INT64));
        known.put("recent_order_at", scalar(STRING));
        for (String name : List.of("recency_score", "frequency_score", "monetary_score", "rfm")) {
            known.put(name, scalar(INT64));
        }
        for (String name : List.of("grade", "acquisition_source", "cohort")) {
            known.put(name, scalar(STRING));
        }
        known.put("segments", array(scalar(STRING)));
        known.put("redacted_at", scalar(STRING));
        knownOnly = struct(CUSTOMER, List.of()).toString();
        ObjectNode redactionSchema = mapper.createObjectNode()
                .put("type", STRUCT)
                .put("optional", false)
                .put("name", REDACTION);
        ArrayNode fields = redactionSchema.putArray("fields");
        fields.add(scalar(STRING).put("field", "account"));
        fields.add(scalar(STRING).put("optional", false).put("field", "id"));
        fields.add(scalar(STRING).put("optional", false).put("field", "redacted_at"));
        redaction = redactionSchema.toString();
    }

    /** The known attributes, by name, with their Connect field schemas (without the field's name). */
    Map<String, ObjectNode> known() {
        return known;
    }

    /** A customer's value in the envelope; a BadRecordException when an attribute's type is not its field's. */
    public String customer(ObjectNode value, String id) {
        return envelope(schema(value, id), value);
    }

    /** A customer's Connect schema, one string a shape; a BadRecordException when an attribute's type is not its own. */
    String schema(ObjectNode value, String id) {
        List<ObjectNode> extra = new ArrayList<>();
        value.properties().forEach(attribute -> {
            String name = attribute.getKey();
            JsonNode v = attribute.getValue();
            ObjectNode schema = known.get(name);
            if (schema != null) {
                if (!fits(v, schema)) {
                    throw changedType(name, v, describe(schema), id, value);
                }
            } else if (!v.isNull()) {
                extra.add(unknown(name, v, id, value).put("field", name));
            } else {
                // a null of an attribute seen before keeps its field: an upsert then writes the null
                String seen = learned.get(name);
                if (seen != null && SCALARS.contains(seen)) {
                    extra.add(scalar(seen).put("field", name));
                }
            }
        });
        return extra.isEmpty() ? knownOnly : schemaWith(extra);
    }

    /** The Connect schema of a redaction event. */
    String redactionSchema() {
        return redaction;
    }

    /** A redaction event ({account, id, redacted_at}) in the envelope, redacted_at as text whatever the API sent. */
    public String redaction(ObjectNode event) {
        JsonNode at = event.get("redacted_at");
        if (at != null && !at.isTextual()) {
            event = event.deepCopy().put("redacted_at", at.asText());
        }
        return envelope(redaction, event);
    }

    private static String envelope(String schema, ObjectNode payload) {
        return "{\"schema\":" + schema + ",\"payload\":" + payload + "}";
    }

    private String schemaWith(List<ObjectNode> extra) {
        String key = extra.toString();
        String schema = shapes.get(key);
        if (schema == null) {
            schema = struct(CUSTOMER, extra).toString();
            if (shapes.size() < MAX_SHAPES) {
                shapes.put(key, schema);
            }
        }
        return schema;
    }

    /** An unknown attribute's schema, from its value and the type it had when first seen. */
    private ObjectNode unknown(String name, JsonNode v, String id, ObjectNode value) {
        ObjectNode schema = infer(name, v, id, value);
        String type = schema.get("type").asText();
        String first = learned.size() < MAX_LEARNED ? learned.putIfAbsent(name, type) : learned.get(name);
        if (first == null || first.equals(type)) {
            return schema;
        }
        if (first.equals(FLOAT64) && type.equals(INT64)) {
            return scalar(FLOAT64); // an integer is a double too: the field keeps its type
        }
        throw changedType(name, v, first + " (as first seen)", id, value);
    }

    /** A value's schema: booleans, integers as int64, other numbers as float64, arrays of one type, objects. */
    private ObjectNode infer(String name, JsonNode v, String id, ObjectNode value) {
        if (v.isBoolean()) {
            return scalar(BOOLEAN);
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                throw new BadRecordException(
                        "attribute '" + name + "' is an integer beyond int64: no Kafka Connect type holds it",
                        id,
                        record(id, value));
            }
            return scalar(INT64);
        }
        if (v.isNumber()) {
            return scalar(FLOAT64);
        }
        if (v.isTextual()) {
            return scalar(STRING);
        }
        if (v.isArray()) {
            ObjectNode items = null;
            for (JsonNode element : v) {
                if (!element.isNull()) {
                    items = merge(items, infer(name, element, id, value), name, id, value);
                }
            }
            return array(items == null ? scalar(STRING) : items);
        }
        ObjectNode struct = mapper.createObjectNode().put("type", STRUCT).put("optional", true);
        ArrayNode fields = struct.putArray("fields");
        v.properties().forEach(f -> {
            if (!f.getValue().isNull()) {
                fields.add(
                        infer(name + "." + f.getKey(), f.getValue(), id, value).put("field", f.getKey()));
            }
        });
        return struct;
    }

    private static ObjectNode merge(ObjectNode a, ObjectNode b, String name, String id, ObjectNode value) {
        if (a == null || a.equals(b)) {
            return b;
        }
        String ta = a.get("type").asText(), tb = b.get("type").asText();
        if (!ta.equals(tb) && Set.of(ta, tb).equals(Set.of(INT64, FLOAT64))) {
            return scalar(FLOAT64);
        }
        throw new BadRecordException(
                "attribute '" + name + "' is an array of mixed types (" + ta + ", " + tb
                        + "): a Kafka Connect array has one element type",
                id,
                record(id, value));
    }

    /** Whether a value fits a known field's schema (null always does: every known attribute but the id is optional). */
    private static boolean fits(JsonNode v, ObjectNode schema) {
        if (v.isNull()) {
            return schema.get("optional").asBoolean();
        }
        return switch (schema.get("type").asText()) {
            case STRING -> v.isTextual();
            case BOOLEAN -> v.isBoolean();
            case INT64 -> v.isIntegralNumber() && v.canConvertToLong();
            case ARRAY -> {
                for (JsonNode element : v) {
                    if (!fits(element, (ObjectNode) schema.get("items"))) {
                        yield false;
                    }
                }
                yield v.isArray();
            }
            default -> false;
        };
    }

    private BadRecordException changedType(String name, JsonNode v, String expected, String id, ObjectNode value) {
        return new BadRecordException(
                "attribute '" + name + "' is " + kind(v) + " where its schema has " + expected + ": " + because,
                id,
                record(id, value));
    }

    /** The record as a dead letter quotes it: its attributes under {@code attributes}, so that each is masked. */
    private static String record(String id, ObjectNode value) {
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("id", id);
        record.set("attributes", value);
        return record.toString();
    }

    private static String describe(ObjectNode schema) {
        JsonNode items = schema.get("items");
        return items == null
                ? schema.get("type").asText()
                : "an array of " + items.get("type").asText();
    }

    /** What a JSON value is, in a dead letter's words (never the value itself: it may be personal data). */
    private static String kind(JsonNode v) {
        if (v.isIntegralNumber()) {
            return "an integer";
        }
        if (v.isNumber()) {
            return "a decimal number";
        }
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private ObjectNode struct(String name, List<ObjectNode> extra) {
        ObjectNode struct = mapper.createObjectNode()
                .put("type", STRUCT)
                .put("optional", false)
                .put("name", name);
        ArrayNode fields = struct.putArray("fields");
        known.forEach((field, schema) -> fields.add(schema.deepCopy().put("field", field)));
        extra.forEach(fields::add);
        return struct;
    }

    private static ObjectNode scalar(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("optional", true);
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode array = scalar(ARRAY);
        array.set("items", items);
        return array;
    }
}

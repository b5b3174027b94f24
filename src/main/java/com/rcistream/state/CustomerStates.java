package com.rcistream.state;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the bundle last published of each customer, in memory: its fingerprint and, with change events, its tracked
 * values packed beside it ({@link TrackedValues}); and the record that keeps both on the fingerprint topic: the
 * fingerprint alone as hex, or {@code {"f":"<hex>","t":{<tracked values>}}}.
 */
final class CustomerStates {

    /** A fingerprint record read back: the fingerprint, and the tracked values (null entries not known; null: none). */
    record Stored(long fingerprint, JsonNode[] values) {}

    private final LongLongMap map = new LongLongMap(1 << 16);
    private final ObjectMapper mapper;
    private TrackedValues tracked;

    CustomerStates(ObjectMapper mapper, List<String> names) {
        this.mapper = mapper;
        track(names);
    }

    /** Tracks these attributes from now on (none: null), forgetting everything. */
    synchronized void track(List<String> names) {
        map.clear();
        tracked = names == null ? null : new TrackedValues(names);
        map.reshape(tracked == null ? 0 : tracked.words(), (from, to) -> {});
    }

    /** The attributes tracked, or null without change events. */
    synchronized List<String> names() {
        return tracked == null ? null : tracked.names();
    }

    boolean contains(long key, long fingerprint) {
        return map.contains(key, fingerprint);
    }

    boolean knows(long key) {
        return map.containsKey(key);
    }

    int size() {
        return map.size();
    }

    void clear() {
        map.clear();
    }

    void remove(long key) {
        map.remove(key);
    }

    /** The fingerprint, and the tracked values when given (an all-null array: none known); null: the row is kept. */
    synchronized void put(long key, long fingerprint, JsonNode[] values) {
        map.put(key, fingerprint, tracked == null || values == null ? null : tracked.pack(values, map));
    }

    /** The customer's tracked values as last published (null entries not known), or null when it is not known. */
    synchronized JsonNode[] values(long key) {
        if (tracked == null) {
            return null;
        }
        long[] row = new long[map.words()];
        return map.row(key, row) ? tracked.unpack(row) : null;
    }

    /** The tracked values of a customer event (JSON null for an absent attribute), or null without change events. */
    synchronized JsonNode[] valuesOf(JsonNode customer) {
        if (tracked == null) {
            return null;
        }
        List<String> names = tracked.names();
        JsonNode[] values = new JsonNode[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Changes.valueOf(customer, names.get(i));
        }
        return values;
    }

    /** The fingerprint topic's value: the hex alone without tracked values, else with those known. */
    synchronized String encode(long fingerprint, JsonNode[] values) {
        String hex = Long.toHexString(fingerprint);
        if (tracked == null || values == null) {
            return hex;
        }
        ObjectNode record = mapper.createObjectNode().put("f", hex);
        ObjectNode t = record.putObject("t");
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                t.set(tracked.names().get(i), values[i]);
            }
        }
        return record.toString();
    }

    /**
     * A fingerprint topic value read back, or null when the bundle did not write it: at most 16 hex digits (no tracked
     * values known), or the JSON form; tracked values of attributes no longer tracked are ignored, those of
     * attributes newly tracked are not known.
     */
    synchronized Stored decode(String value) {
        if (value.startsWith("{")) {
            try {
                JsonNode record = mapper.readTree(value);
                Long fingerprint = hex(record.path("f").asText(""));
                return fingerprint == null ? null : new Stored(fingerprint, tracked(record.path("t")));
            } catch (Exception e) {
                return null;
            }
        }
        Long fingerprint = hex(value);
        return fingerprint == null ? null : new Stored(fingerprint, tracked(null));
    }

    private JsonNode[] tracked(JsonNode t) {
        if (tracked == null) {
            return null;
        }
        List<String> names = tracked.names();
        JsonNode[] values = new JsonNode[names.size()];
        for (int i = 0; t != null && t.isObject() && i < values.length; i++) {
            if (t.has(names.get(i))) {
                values[i] = Changes.valueOf(t, names.get(i));
            }
        }
        return values;
    }

    private static Long hex(String value) {
        if (value.isEmpty() || value.length() > 16) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package com.rcistream.state;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Test-side access to the fingerprint map for the memory benchmark (the map is package-private). */
public final class FingerprintsBench {

    /** The default rci.changes.attributes. */
    public static final List<String> TRACKED =
            List.of("grade", "rfm", "segments", "email_marketing_consent", "sms_marketing_consent", "orders_count");

    private FingerprintsBench() {}

    /** Loads n customers' fingerprints the way a sweep does (hash of a 19-digit id, hash of a 700-byte value). */
    public static Object load(int n) {
        LongLongMap map = new LongLongMap(1 << 16);
        String value = "v".repeat(700);
        for (int i = 0; i < n; i++) {
            String id = Long.toString(7_000_000_000_000_000_000L + i * 2_147_483_647L);
            map.put(FingerprintStore.hash(id), FingerprintStore.hash(id + value));
        }
        return map;
    }

    /**
     * The same with change events' tracked values beside each fingerprint, drawn from vocabularies as RCI's: 5 grades,
     * 125 RFM cells, 3 of 30 segment names a customer (600 distinct sets), two consents, 0-499 orders.
     */
    public static Object loadTracked(int n) {
        CustomerStates states = new CustomerStates(new ObjectMapper(), TRACKED);
        List<JsonNode> grades = new ArrayList<>();
        "ABCDF".chars().forEach(c -> grades.add(TextNode.valueOf(String.valueOf((char) c))));
        List<JsonNode> sets = new ArrayList<>();
        for (int s = 0; s < 600; s++) {
            ArrayNode set = new ObjectMapper().createArrayNode();
            set.add("segment " + s % 30).add("segment " + (s / 30 + 1) % 30).add("(RM) " + s % 7);
            sets.add(set);
        }
        String value = "v".repeat(700);
        for (int i = 0; i < n; i++) {
            String id = Long.toString(7_000_000_000_000_000_000L + i * 2_147_483_647L);
            JsonNode[] tracked = {
                grades.get(i % 5),
                TextNode.valueOf("" + (1 + i % 5) + (1 + i / 5 % 5) + (1 + i / 25 % 5)),
                sets.get(i % 600),
                BooleanNode.valueOf(i % 3 == 0),
                BooleanNode.valueOf(i % 7 == 0),
                IntNode.valueOf(i % 500)
            };
            states.put(FingerprintStore.hash(id), FingerprintStore.hash(id + value), tracked);
        }
        return states;
    }
}

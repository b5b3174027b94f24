package com.rcistream.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tracked attributes' values of every customer in a few bits each: per attribute, each distinct value (its JSON
 * text; an array as the sorted set of its elements) is interned once as a small index, and a customer's indices are
 * packed side by side into its row of longs in the fingerprint map. Index 0 is "not known" (no tracked state for that
 * attribute yet); a field grows by a bit when its vocabulary outgrows it, every row repacked. Not thread-safe: its
 * owner serialises calls.
 */
final class TrackedValues {

    private final List<String> names;
    private final List<Map<String, Integer>> indices = new ArrayList<>();
    private final List<List<JsonNode>> vocabularies = new ArrayList<>();
    private int[] widths;
    private int[] wordOf;
    private int[] shiftOf;
    private int words;

    TrackedValues(List<String> names) {
        this.names = List.copyOf(names);
        widths = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            indices.add(new HashMap<>());
            List<JsonNode> vocabulary = new ArrayList<>();
            vocabulary.add(null); // index 0: not known
            vocabularies.add(vocabulary);
            widths[i] = 2;
        }
        layOut();
    }

    List<String> names() {
        return names;
    }

    /** Longs a customer's row takes. */
    int words() {
        return words;
    }

    /**
     * Packs values (one an attribute, Java null for not known) into a row, widening a field first (every row of
     * {@code map} repacked) when a new value outgrows it.
     */
    long[] pack(JsonNode[] values, LongLongMap map) {
        int[] interned = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            interned[i] = values[i] == null ? 0 : intern(i, values[i]);
            if (interned[i] >= 1 << widths[i]) {
                grow(i, interned[i], map);
            }
        }
        long[] row = new long[words];
        for (int i = 0; i < values.length; i++) {
            row[wordOf[i]] |= (long) interned[i] << shiftOf[i];
        }
        return row;
    }

    /** The values a row holds (Java null where not known). */
    JsonNode[] unpack(long[] row) {
        JsonNode[] values = new JsonNode[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vocabularies.get(i).get(field(row, i));
        }
        return values;
    }

    private int field(long[] row, int i) {
        return (int) ((row[wordOf[i]] >>> shiftOf[i]) & ((1L << widths[i]) - 1));
    }

    private int intern(int attribute, JsonNode value) {
        String text = value.toString();
        Integer known = indices.get(attribute).get(text);
        if (known != null) {
            return known;
        }
        List<JsonNode> vocabulary = vocabularies.get(attribute);
        int index = vocabulary.size();
        vocabulary.add(value);
        indices.get(attribute).put(text, index);
        return index;
    }

    /** Widens a field to hold {@code index} (twice the values, one bit more) and repacks every row of the map. */
    private void grow(int attribute, int index, LongLongMap map) {
        int[] oldWidths = widths.clone();
        int[] oldWord = wordOf;
        int[] oldShift = shiftOf;
        widths[attribute] = Math.min(31, 33 - Integer.numberOfLeadingZeros(index));
        layOut();
        map.reshape(words, (from, to) -> {
            for (int i = 0; i < widths.length; i++) {
                long value = (from[oldWord[i]] >>> oldShift[i]) & ((1L << oldWidths[i]) - 1);
                to[wordOf[i]] |= value << shiftOf[i];
            }
        });
    }

    /** Each field in the first word with room for it: a field never straddles two words. */
    private void layOut() {
        wordOf = new int[widths.length];
        shiftOf = new int[widths.length];
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            int word = 0;
            while (word < used.size() && used.get(word) + widths[i] > 64) {
                word++;
            }
            if (word == used.size()) {
                used.add(0);
            }
            wordOf[i] = word;
            shiftOf[i] = used.get(word);
            used.set(word, used.get(word) + widths[i]);
        }
        words = used.size();
    }
}

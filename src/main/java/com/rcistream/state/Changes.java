package com.rcistream.state;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What changed between a customer's tracked values as last published and as served now: {@code {"from", "to"}} per
 * scalar attribute (JSON types kept), {@code {"entered", "left"}} per array attribute, compared as sets. An attribute
 * not known before (no tracked state for it yet) is a baseline, never a change.
 */
public final class Changes {

    private Changes() {}

    /** The attribute's value in a customer event: JSON null when absent, an array as its sorted set of elements. */
    public static JsonNode valueOf(JsonNode customer, String name) {
        JsonNode value = customer.get(name);
        if (value == null || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        if (!value.isArray()) {
            return value;
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        value.forEach(element -> sorted.put(element.toString(), element));
        ArrayNode set = JsonNodeFactory.instance.arrayNode();
        sorted.values().forEach(set::add);
        return set;
    }

    /** The changes, empty when none. */
    public static ObjectNode between(List<String> names, JsonNode[] before, JsonNode[] after) {
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < names.size(); i++) {
            if (before[i] == null || after[i] == null || before[i].equals(after[i])) {
                continue;
            }
            if (before[i].isArray() || after[i].isArray()) {
                ObjectNode moved = changes.putObject(names.get(i));
                moved.set("entered", minus(after[i], before[i]));
                moved.set("left", minus(before[i], after[i]));
            } else {
                ObjectNode moved = changes.putObject(names.get(i));
                moved.set("from", before[i]);
                moved.set("to", after[i]);
            }
        }
        return changes;
    }

    /** A customer first seen after the baseline: every tracked value as {@code to}, an array's elements entered. */
    public static ObjectNode first(List<String> names, JsonNode[] after) {
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < names.size(); i++) {
            if (after[i].isArray()) {
                ObjectNode moved = changes.putObject(names.get(i));
                moved.set("entered", after[i]);
                moved.putArray("left");
            } else {
                changes.putObject(names.get(i)).set("to", after[i]);
            }
        }
        return changes;
    }

    /** The elements of {@code a} not in {@code b} (a scalar or null is the empty set), in a's order. */
    private static ArrayNode minus(JsonNode a, JsonNode b) {
        Set<JsonNode> without = new LinkedHashSet<>();
        if (b.isArray()) {
            b.forEach(without::add);
        }
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        if (a.isArray()) {
            a.forEach(element -> {
                if (!without.contains(element)) {
                    rest.add(element);
                }
            });
        }
        return rest;
    }
}

package com.rcistream.events;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON object seen as a read-only map, each value converted as it is read, the way Jackson converts a whole object
 * to a map (strings, numbers, booleans, null, nested maps and lists). Rules read one or two attributes of a customer
 * ({@code ${exchangeProperty.rciCustomer[grade]}}); converting every attribute of every customer up front took a
 * large part of the CPU a customer cost.
 */
@RegisterForReflection
final class JsonObjectMap extends AbstractMap<String, Object> {

    private final ObjectNode node;
    private final ObjectMapper mapper;

    JsonObjectMap(ObjectNode node, ObjectMapper mapper) {
        this.node = node;
        this.mapper = mapper;
    }

    @Override
    public Object get(Object key) {
        return key instanceof String name ? convert(node.get(name)) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && node.has(name);
    }

    @Override
    public int size() {
        return node.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, JsonNode>> fields = node.properties().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return fields.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        Entry<String, JsonNode> field = fields.next();
                        return new SimpleImmutableEntry<>(field.getKey(), convert(field.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return node.size();
            }
        };
    }

    private Object convert(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        // numbers, nested objects (maps) and arrays (lists), as Jackson converts them
        return mapper.convertValue(value, Object.class);
    }
}

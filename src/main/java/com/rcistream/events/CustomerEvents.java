package com.rcistream.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.api.Customer;

/** Maps a customer resource to its Kafka event value: the attributes unchanged and complete, with the id added. */
public final class CustomerEvents {

    private final ObjectMapper mapper;

    public CustomerEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The event value: {@code id} first (always a string), then every attribute as served, unknown ones included. */
    public ObjectNode value(Customer customer) {
        ObjectNode value = mapper.createObjectNode();
        value.put("id", customer.id());
        customer.attributes().properties().forEach(field -> {
            if (!"id".equals(field.getKey())) {
                value.set(field.getKey(), field.getValue());
            }
        });
        return value;
    }
}

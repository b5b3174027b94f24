package com.rcistream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** rciCustomer, read lazily, must be the same map Jackson would have made of the customer up front. */
class JsonObjectMapTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsAsTheMapJacksonConvertsTheObjectTo() throws Exception {
        ObjectNode customer = (ObjectNode) mapper.readTree("""
                {"id":"7000670824521436709","grade":"A","orders":12,"lifetime_value":1234.5,
                 "big":123456789012345678901234567890,"long":9007199254740993,"email_marketing_consent":true,
                 "sms_marketing_consent":false,"redacted_at":null,"segments":["vip","loyal"],
                 "rfm":{"r":5,"f":4,"m":{"score":3}}}""");
        JsonObjectMap lazy = new JsonObjectMap(customer, mapper);
        @SuppressWarnings("unchecked")
        Map<String, Object> eager = mapper.convertValue(customer, Map.class);

        assertEquals(eager, lazy, "equal as maps, entry by entry");
        assertEquals(eager.toString(), lazy.toString(), "and printed the same, in the same order");
        for (String key : eager.keySet()) {
            assertEquals(eager.get(key), lazy.get(key), key);
            Object value = eager.get(key);
            assertEquals(
                    value == null ? null : value.getClass(),
                    lazy.get(key) == null ? null : lazy.get(key).getClass(),
                    "the same Java type for " + key);
        }
        assertEquals(eager.size(), lazy.size());
        assertTrue(lazy.containsKey("redacted_at"), "an attribute that is JSON null is there, as null");
        assertNull(lazy.get("redacted_at"));
        assertFalse(lazy.containsKey("missing"));
        assertNull(lazy.get("missing"));
        assertNull(lazy.get(42), "a key that is not a string is never there");
    }

    @Test
    void isReadOnly() {
        JsonObjectMap lazy = new JsonObjectMap(mapper.createObjectNode().put("grade", "A"), mapper);
        assertThrows(UnsupportedOperationException.class, () -> lazy.put("grade", "B"));
        assertEquals("A", lazy.get("grade"));
    }
}

package com.rcistream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The tracked values kept beside each fingerprint: packed, widened as vocabularies grow, and read back from Kafka. */
class CustomerStatesTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> names = List.of("grade", "segments", "orders_count", "email_marketing_consent");

    @Test
    void valuesComeBackAsPutThroughFieldsWideningAndTheMapGrowing() throws Exception {
        CustomerStates states = new CustomerStates(mapper, names);
        for (int i = 0; i < 5_000; i++) {
            JsonNode customer = mapper.readTree("{\"grade\":\"" + (char) ('A' + i % 5) + "\",\"segments\":[\"s" + i % 7
                    + "\",\"At risk\"],\"orders_count\":" + i + ",\"email_marketing_consent\":" + (i % 2 == 0) + "}");
            states.put(i, i * 31L, states.valuesOf(customer));
        }
        for (int i = 0; i < 5_000; i++) {
            JsonNode[] values = states.values(i);
            assertEquals(mapper.readTree("\"" + (char) ('A' + i % 5) + "\""), values[0], "grade of " + i);
            assertEquals(mapper.readTree("[\"At risk\",\"s" + i % 7 + "\"]"), values[1], "the set, sorted");
            assertEquals(i, values[2].asInt());
            assertEquals(i % 2 == 0, values[3].asBoolean());
            assertEquals(true, states.contains(i, i * 31L));
        }
        assertNull(states.values(5_001), "not known");
    }

    @Test
    void aRecordReadBackKeepsItsValuesAHexOneKnowsNoneAndAnUntrackedAttributeIsIgnored() throws Exception {
        CustomerStates states = new CustomerStates(mapper, names);
        JsonNode customer =
                mapper.readTree("{\"grade\":\"B\",\"segments\":[\"Loyal\"],\"orders_count\":3,\"email\":\"x@y\"}");
        String encoded = states.encode(0xabcL, states.valuesOf(customer));
        assertEquals(
                "{\"f\":\"abc\",\"t\":{\"grade\":\"B\",\"segments\":[\"Loyal\"],\"orders_count\":3,"
                        + "\"email_marketing_consent\":null}}",
                encoded);
        CustomerStates.Stored stored = states.decode(encoded);
        assertEquals(0xabcL, stored.fingerprint());
        assertEquals(
                List.of(customer.get("grade"), customer.get("segments"), customer.get("orders_count")),
                Arrays.asList(stored.values()).subList(0, 3));
        CustomerStates.Stored old = states.decode("abc");
        assertEquals(0xabcL, old.fingerprint());
        assertEquals(Arrays.asList(new JsonNode[4]), Arrays.asList(old.values()), "no tracked value known");
        CustomerStates gradeOnly = new CustomerStates(mapper, List.of("grade", "rfm"));
        JsonNode[] values = gradeOnly.decode(encoded).values();
        assertEquals(customer.get("grade"), values[0]);
        assertNull(values[1], "rfm was not tracked when the record was written: not known");
        assertNull(states.decode("{\"oops\":true}"), "not the bundle's");
        assertNull(states.decode("not a fingerprint"));
    }
}

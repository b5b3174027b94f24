package com.rcistream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What counts as a change of a tracked attribute, and how it is said. */
class ChangesTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> names = List.of("grade", "segments", "orders_count", "sms_marketing_consent");

    @Test
    void anAttributeDroppedOrAddedIsAChangeToOrFromNullWithJsonTypesKept() throws Exception {
        assertEquals(
                mapper.readTree("{\"grade\":{\"from\":\"A\",\"to\":null},\"orders_count\":{\"from\":null,\"to\":1},"
                        + "\"sms_marketing_consent\":{\"from\":\"true\",\"to\":true}}"),
                Changes.between(
                        names,
                        values("{\"grade\":\"A\",\"segments\":[],\"sms_marketing_consent\":\"true\"}"),
                        values("{\"segments\":[],\"orders_count\":1,\"sms_marketing_consent\":true}")));
    }

    @Test
    void anArrayIsASetAReorderingIsNoChangeAndAnAttributeNotKnownBeforeIsABaseline() throws Exception {
        assertEquals(
                mapper.createObjectNode(),
                Changes.between(
                        names, values("{\"segments\":[\"b\",\"a\"]}"), values("{\"segments\":[\"a\",\"b\",\"a\"]}")));
        assertEquals(
                mapper.readTree("{\"segments\":{\"entered\":[\"At risk\",\"c\"],\"left\":[\"a\"]}}"),
                Changes.between(
                        names,
                        values("{\"segments\":[\"b\",\"a\"]}"),
                        values("{\"segments\":[\"c\",\"b\",\"At risk\"]}")));
        JsonNode[] unknown = new JsonNode[names.size()];
        assertEquals(mapper.createObjectNode(), Changes.between(names, unknown, values("{\"grade\":\"A\"}")));
        assertEquals(
                mapper.readTree("{\"grade\":{\"to\":\"A\"},\"segments\":{\"entered\":[],\"left\":[]},"
                        + "\"orders_count\":{\"to\":null},\"sms_marketing_consent\":{\"to\":null}}"),
                Changes.first(names, values("{\"grade\":\"A\",\"segments\":[]}")));
    }

    private JsonNode[] values(String customer) throws Exception {
        JsonNode node = mapper.readTree(customer);
        return names.stream().map(name -> Changes.valueOf(node, name)).toArray(JsonNode[]::new);
    }
}

package com.rcistream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.InvalidPageException;
import com.rcistream.events.CustomerEvents;

class JsonApiReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonApiReader reader = new JsonApiReader(mapper);
    private final CustomerEvents events = new CustomerEvents(mapper);

    @Test
    void referenceExampleIsMappedWithEveryAttributeIntactAndTheIdAsString() throws IOException {
        String body = resource("/reference-customers-page.json");
        CustomerPage page = reader.readPage(body);

        assertEquals("https://repeat-customer-insights.littlestreamsoftware.com/api/v1/customers?page%5Bcursor%5D=abc123",
                page.next());
        assertEquals(1, page.records().size());
        Customer customer = reader.toCustomer(page.records().get(0));
        ObjectNode value = events.value(customer);

        JsonNode served = mapper.readTree(body).path("data").get(0).path("attributes");
        assertTrue(value.get("id").isTextual(), "id must be a JSON string");
        assertEquals("123456", value.get("id").asText());
        assertEquals(served.size() + 1, value.size(), "every attribute plus id, nothing else");
        served.fields().forEachRemaining(f -> assertEquals(f.getValue(), value.get(f.getKey()), f.getKey()));
        assertEquals(411, value.get("rfm").asInt());
        assertEquals(List.of("Average spender", "Promising new", "Recent low spender (RM)"),
                mapper.convertValue(value.get("segments"), List.class));
        assertTrue(value.get("email_marketing_consent").booleanValue());
    }

    @Test
    void unknownAttributesPassThroughUnchanged() {
        Customer customer = reader.toCustomer(json(
                "{\"type\":\"customer\",\"id\":\"1\",\"attributes\":{\"future_field\":{\"nested\":[1,2]},\"grade\":\"A\"}}"));
        ObjectNode value = events.value(customer);
        assertEquals(json("{\"nested\":[1,2]}"), value.get("future_field"));
    }

    @Test
    void numericIdKeepsEveryDigitBeyondDoublePrecision() {
        Customer customer = reader.toCustomer(json(
                "{\"type\":\"customer\",\"id\":9007199254740993,\"attributes\":{}}"));
        assertEquals("9007199254740993", customer.id());
    }

    @Test
    void lastPageHasNoNextLink() {
        CustomerPage page = reader.readPage("{\"data\":[],\"links\":{\"first\":\"x\"},\"jsonapi\":{\"version\":\"1.0\"}}");
        assertNull(page.next());
    }

    @Test
    void recordWithoutIdOrWithBadAttributesIsRefusedWithAReason() {
        BadRecordException noId = assertThrows(BadRecordException.class,
                () -> reader.toCustomer(json("{\"type\":\"customer\",\"attributes\":{}}")));
        assertTrue(noId.getMessage().contains("id"), noId.getMessage());
        BadRecordException badAttributes = assertThrows(BadRecordException.class,
                () -> reader.toCustomer(json("{\"type\":\"customer\",\"id\":\"7\",\"attributes\":\"oops\"}")));
        assertEquals("7", badAttributes.recordId());
        assertThrows(BadRecordException.class, () -> reader.toCustomer(json("[1,2]")));
        assertThrows(BadRecordException.class,
                () -> reader.toCustomer(json("{\"type\":\"order\",\"id\":\"7\",\"attributes\":{}}")));
    }

    @Test
    void bodyThatIsNotAJsonApiDocumentFailsThePage() {
        assertThrows(InvalidPageException.class, () -> reader.readPage("{\"message\":\"maintenance\"}"));
        assertThrows(InvalidPageException.class, () -> reader.readPage("{\"data\":[{\"type\":\"cust"));
        assertThrows(InvalidPageException.class, () -> reader.readPage(""));
        assertThrows(InvalidPageException.class, () -> reader.readPage("[]"));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JsonApiReaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package com.rcistream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        assertEquals(
                "https://repeat-customer-insights.littlestreamsoftware.com/api/v1/customers?page%5Bcursor%5D=abc123",
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
        assertEquals(
                List.of("Average spender", "Promising new", "Recent low spender (RM)"),
                mapper.convertValue(value.get("segments"), List.class));
        assertTrue(value.get("email_marketing_consent").booleanValue());
    }

    @Test
    void unknownAttributesPassThroughUnchanged() {
        Customer customer = reader.toCustomer(
                json(
                        "{\"type\":\"customer\",\"id\":\"1\",\"attributes\":{\"future_field\":{\"nested\":[1,2]},\"grade\":\"A\"}}"));
        ObjectNode value = events.value(customer);
        assertEquals(json("{\"nested\":[1,2]}"), value.get("future_field"));
    }

    @Test
    void numericIdKeepsEveryDigitBeyondDoublePrecision() {
        Customer customer =
                reader.toCustomer(json("{\"type\":\"customer\",\"id\":9007199254740993,\"attributes\":{}}"));
        assertEquals("9007199254740993", customer.id());
    }

    @Test
    void lastPageHasNoNextLink() {
        CustomerPage page =
                reader.readPage("{\"data\":[],\"links\":{\"first\":\"x\"},\"jsonapi\":{\"version\":\"1.0\"}}");
        assertNull(page.next());
    }

    @Test
    void recordWithoutIdOrWithBadAttributesIsRefusedWithAReason() {
        BadRecordException noId = assertThrows(
                BadRecordException.class, () -> reader.toCustomer(json("{\"type\":\"customer\",\"attributes\":{}}")));
        assertTrue(noId.getMessage().contains("id"), noId.getMessage());
        BadRecordException badAttributes = assertThrows(
                BadRecordException.class,
                () -> reader.toCustomer(json("{\"type\":\"customer\",\"id\":\"7\",\"attributes\":\"oops\"}")));
        assertEquals("7", badAttributes.recordId());
        assertThrows(BadRecordException.class, () -> reader.toCustomer(json("[1,2]")));
        assertThrows(
                BadRecordException.class,
                () -> reader.toCustomer(json("{\"type\":\"order\",\"id\":\"7\",\"attributes\":{}}")));
    }

    @Test
    void bodyThatIsNotAJsonApiDocumentFailsThePage() {
        assertThrows(InvalidPageException.class, () -> reader.readPage("{\"message\":\"maintenance\"}"));
        assertThrows(InvalidPageException.class, () -> reader.readPage("{\"data\":[{\"type\":\"cust"));
        assertThrows(InvalidPageException.class, () -> reader.readPage(""));
        assertThrows(InvalidPageException.class, () -> reader.readPage("[]"));
    }

    @Test
    void anErrorsDocumentFailsThePageSayingSoButErrorsBesideDataDoNot() {
        String errors = "{\"errors\":[{\"status\":\"503\",\"title\":\"Service Unavailable\"}]}";
        InvalidPageException failed = assertThrows(InvalidPageException.class, () -> reader.readPage(errors));
        assertEquals("JSON:API errors document where data was expected", failed.getMessage());
        assertEquals(errors, failed.body());

        CustomerPage page = reader.readPage("{\"data\":[{\"id\":\"1\"}],\"errors\":[]}");
        assertEquals(1, page.records().size());
    }

    @Test
    void aNextLinkThatIsNotAStringFailsThePageAndANullOrBlankOneEndsTheWalk() {
        InvalidPageException failed = assertThrows(
                InvalidPageException.class,
                () -> reader.readPage("{\"data\":[],\"links\":{\"next\":{\"href\":\"https://x\"}}}"));
        assertEquals("not a JSON:API list document: links.next is not a string", failed.getMessage());
        assertThrows(InvalidPageException.class, () -> reader.readPage("{\"data\":[],\"links\":{\"next\":42}}"));

        assertNull(reader.readPage("{\"data\":[],\"links\":{\"next\":null}}").next());
        assertNull(reader.readPage("{\"data\":[],\"links\":{\"next\":\" \"}}").next());
        assertEquals(
                "https://x/2",
                reader.readPage("{\"data\":[],\"links\":{\"next\":\"https://x/2\"}}")
                        .next());
    }

    @Test
    void aPageThatIsNotJsonIsRefusedWithAReasonThatQuotesNoCustomerData() {
        String body = "{\"data\":[{\"type\":\"customer\",\"id\":\"1\",\"attributes\":{\"first_name\":Eric}}]}";
        InvalidPageException failed = assertThrows(InvalidPageException.class, () -> reader.readPage(body));

        assertTrue(
                failed.getMessage().startsWith("body is not valid JSON: Unrecognized token '…'"), failed.getMessage());
        assertFalse(failed.getMessage().contains("Eric"), failed.getMessage());
        assertFalse(
                failed.getMessage().contains("Source"),
                "the reason, not where Jackson read it: " + failed.getMessage());
        assertFalse(failed.getMessage().contains("\n"), "one line: " + failed.getMessage());
        assertEquals(body, failed.body(), "the page itself goes with the failure, to be masked in its dead letter");
    }

    @Test
    void aMissingOrBlankBodyIsAnEmptyBody() {
        InvalidPageException none = assertThrows(InvalidPageException.class, () -> reader.readPage((String) null));
        assertEquals("empty body where a JSON:API document was expected", none.getMessage());
        assertNull(none.body());
        InvalidPageException blank = assertThrows(InvalidPageException.class, () -> reader.readPage(" \r\n "));
        assertEquals("empty body where a JSON:API document was expected", blank.getMessage());
        assertEquals(" \r\n ", blank.body());
        InvalidPageException array = assertThrows(InvalidPageException.class, () -> reader.readPage("[]"));
        assertEquals("body is not a JSON:API document (not a JSON object)", array.getMessage());
        assertEquals("[]", array.body());
    }

    @Test
    void aSingleResourceDocumentIsOneCustomer() {
        Customer customer =
                reader.readSingle("{\"data\":{\"type\":\"customer\",\"id\":\"42\",\"attributes\":{\"grade\":\"A\"}}}");
        assertEquals("42", customer.id());
        assertEquals("A", customer.attributes().get("grade").asText());

        InvalidPageException list = assertThrows(InvalidPageException.class, () -> reader.readSingle("{\"data\":[]}"));
        assertEquals("not a JSON:API single-resource document: data is not an object", list.getMessage());
        assertThrows(InvalidPageException.class, () -> reader.readSingle("{\"meta\":{}}"));
        assertThrows(
                BadRecordException.class, () -> reader.readSingle("{\"data\":{\"type\":\"order\",\"id\":\"42\"}}"));
    }

    @Test
    void aRefusedRecordCarriesItsIdItsTextAndWhatIsWrong() {
        String noType = "{\"id\":\"7\",\"attributes\":{}}";
        BadRecordException missing = assertThrows(BadRecordException.class, () -> reader.toCustomer(json(noType)));
        assertEquals("record type is missing, expected 'customer'", missing.getMessage());
        assertEquals("7", missing.recordId());
        assertEquals(noType, missing.record());

        BadRecordException order = assertThrows(
                BadRecordException.class,
                () -> reader.toCustomer(json("{\"type\":\"order\",\"id\":\"7\",\"attributes\":{}}")));
        assertEquals("record type is 'order', expected 'customer'", order.getMessage());

        BadRecordException none = assertThrows(BadRecordException.class, () -> reader.toCustomer(null));
        assertEquals("record is not a JSON object", none.getMessage());
        assertEquals("null", none.record());
        assertNull(none.recordId());
    }

    @Test
    void onlyANonBlankStringOrAnIntegerIsAnId() {
        for (String id : new String[] {"\"\"", "\" \"", "1.5", "true", "{}", "null"}) {
            BadRecordException refused = assertThrows(
                    BadRecordException.class,
                    () -> reader.toCustomer(json("{\"type\":\"customer\",\"id\":" + id + ",\"attributes\":{}}")),
                    id);
            assertNull(refused.recordId(), id);
        }
        assertEquals(
                "-3",
                reader.toCustomer(json("{\"type\":\"customer\",\"id\":-3,\"attributes\":{}}"))
                        .id());
    }

    @Test
    void whatRemainsOfARedactedRecordIsItsIdAndRedactedAtAlone() {
        Customer inAttributes = reader.redactedRemains(
                json(
                        "{\"type\":\"custmer\",\"id\":\"9\",\"attributes\":{\"redacted_at\":\"2026-11-01T00:00:00Z\",\"email\":\"x@y.z\"}}"));
        assertEquals("9", inAttributes.id());
        assertEquals(json("{\"redacted_at\":\"2026-11-01T00:00:00Z\"}"), inAttributes.attributes());

        Customer beside = reader.redactedRemains(
                json("{\"id\":9,\"attributes\":\"gone\",\"redacted_at\":\"2026-11-02T00:00:00Z\"}"));
        assertEquals("9", beside.id());
        assertEquals(json("{\"redacted_at\":\"2026-11-02T00:00:00Z\"}"), beside.attributes());

        Customer besideANullOne = reader.redactedRemains(
                json("{\"id\":\"9\",\"attributes\":{\"redacted_at\":null},\"redacted_at\":\"2026-11-03T00:00:00Z\"}"));
        assertEquals(
                "2026-11-03T00:00:00Z",
                besideANullOne.attributes().get("redacted_at").asText());
    }

    @Test
    void aRecordThatIsNotARedactedCustomerHasNoRemains() {
        assertNull(reader.redactedRemains(null));
        assertNull(reader.redactedRemains(json("[\"9\"]")));
        assertNull(reader.redactedRemains(json("{\"id\":\"9\",\"attributes\":{\"email\":\"x@y.z\"}}")), "not redacted");
        assertNull(
                reader.redactedRemains(json("{\"attributes\":{\"redacted_at\":\"2026-11-01T00:00:00Z\"}}")), "no id");
        assertNull(reader.redactedRemains(json("{\"id\":\" \",\"redacted_at\":\"2026-11-01T00:00:00Z\"}")), "blank id");
        assertNull(reader.redactedRemains(json("{\"id\":\"9\",\"attributes\":{\"redacted_at\":\" \"}}")), "blank date");
        assertNull(reader.redactedRemains(json("{\"id\":\"9\",\"attributes\":{\"redacted_at\":1}}")), "not a date");
        assertNull(reader.redactedRemains(json("{\"id\":\"9\",\"redacted_at\":true}")), "not a date");
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

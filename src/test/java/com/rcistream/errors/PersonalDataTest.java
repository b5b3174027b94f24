package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a dead letter may keep of a body: its structure, ids, types and links, never a customer's attribute value. */
class PersonalDataTest {

    @Test
    void attributeValuesAreMaskedAndTheStructureStays() {
        String page = "{\"data\":[{\"type\":\"customer\",\"id\":\"123456\",\"attributes\":{\"first_name\":\"Eric\","
                + "\"email\":\"eric@example.com\",\"ltv_cents\":5700,\"segments\":[\"Average spender\"],\"redacted_at\":null,"
                + "\"email_marketing_consent\":true},\"links\":{\"self\":\"https://x/api/v1/customers/123456\"}}],"
                + "\"links\":{\"next\":\"https://x/api/v1/customers?page%5Bcursor%5D=abc\"}}";

        assertEquals(
                "{\"data\":[{\"type\":\"customer\",\"id\":\"123456\",\"attributes\":{\"first_name\":\"***\","
                        + "\"email\":\"***\",\"ltv_cents\":\"***\",\"segments\":[\"***\"],\"redacted_at\":null,"
                        + "\"email_marketing_consent\":\"***\"},\"links\":{\"self\":\"https://x/api/v1/customers/123456\"}}],"
                        + "\"links\":{\"next\":\"https://x/api/v1/customers?page%5Bcursor%5D=abc\"}}",
                PersonalData.mask(page));
    }

    @Test
    void aTruncatedPageIsMaskedUpToWhereItStops() {
        String masked =
                PersonalData.mask("{\"data\":[{\"type\":\"customer\",\"id\":\"1\",\"attributes\":{\"email\":\"a@b.c\","
                        + "\"last_name\":\"Dav");
        assertFalse(masked.contains("a@b.c") || masked.contains("Dav"), masked);
        assertTrue(masked.contains("\"id\":\"1\""), masked);
    }

    @Test
    void attributesAsAStringAndPersonalKeysOutsideAttributesAreMasked() {
        String masked = PersonalData.mask("{\"id\":\"7\",\"attributes\":\"{\\\"email\\\":\\\"x@y.z\\\"}\","
                + "\"email\":\"stray@y.z\",\"phone\":5551234,\"type\":\"custmer\"}");
        assertEquals(
                "{\"id\":\"7\",\"attributes\":\"***\",\"email\":\"***\",\"phone\":\"***\",\"type\":\"custmer\"}",
                masked);
    }

    @Test
    void attributesAfterANestedArrayOrObjectAreStillMasked() {
        String masked = PersonalData.mask("{\"data\":[{\"id\":\"1\",\"attributes\":{\"segments\":[\"Vip\",[\"Deep\"]],"
                + "\"grade\":\"D\",\"orders\":[{\"sku\":\"X1\"}],\"rfm\":411,\"cohort\":\"2022-04\"},"
                + "\"links\":{\"self\":\"https://x/1\"}}]}");
        assertEquals(
                "{\"data\":[{\"id\":\"1\",\"attributes\":{\"segments\":[\"***\",[\"***\"]],"
                        + "\"grade\":\"***\",\"orders\":[{\"sku\":\"***\"}],\"rfm\":\"***\",\"cohort\":\"***\"},"
                        + "\"links\":{\"self\":\"https://x/1\"}}]}",
                masked);
    }

    @Test
    void aNumberIsMaskedWholeEvenWhereThePageIsCutInsideIt() {
        assertEquals(
                "{\"attributes\":{\"ltv\":\"***\",\"score\":\"***\"}}",
                PersonalData.mask("{\"attributes\":{\"ltv\":-1.5e+3,\"score\":2E-7}}"));
        assertEquals("{\"attributes\":{\"ltv_cents\":\"***\"", PersonalData.mask("{\"attributes\":{\"ltv_cents\":57"));
    }

    @Test
    void everythingUnderAPersonalKeyIsMaskedEvenAnArrayOrAnObject() {
        String masked = PersonalData.mask("{\"id\":\"7\",\"email\":[\"a@b.c\",\"d@e.f\"],"
                + "\"address\":{\"line1\":\"1 Main St\",\"country\":[\"US\"]},\"type\":\"custmer\"}");
        assertEquals(
                "{\"id\":\"7\",\"email\":[\"***\",\"***\"],\"address\":{\"line1\":\"***\",\"country\":[\"***\"]},"
                        + "\"type\":\"custmer\"}",
                masked);
    }

    @Test
    void noTextIsNoText() {
        assertNull(PersonalData.mask(null));
        assertEquals("", PersonalData.mask(""));
    }

    @Test
    void aDocumentWithoutCustomersKeepsItsText() {
        assertEquals("{\"message\":\"maintenance\"}", PersonalData.mask("{\"message\":\"maintenance\"}"));
        assertEquals("<html>Bad gateway</html>", PersonalData.mask("<html>Bad gateway</html>"));
    }
}

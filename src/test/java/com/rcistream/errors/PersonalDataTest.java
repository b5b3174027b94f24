package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        assertEquals("{\"data\":[{\"type\":\"customer\",\"id\":\"123456\",\"attributes\":{\"first_name\":\"***\","
                + "\"email\":\"***\",\"ltv_cents\":\"***\",\"segments\":[\"***\"],\"redacted_at\":null,"
                + "\"email_marketing_consent\":\"***\"},\"links\":{\"self\":\"https://x/api/v1/customers/123456\"}}],"
                + "\"links\":{\"next\":\"https://x/api/v1/customers?page%5Bcursor%5D=abc\"}}", PersonalData.mask(page));
    }

    @Test
    void aTruncatedPageIsMaskedUpToWhereItStops() {
        String masked = PersonalData.mask("{\"data\":[{\"type\":\"customer\",\"id\":\"1\",\"attributes\":{\"email\":\"a@b.c\","
                + "\"last_name\":\"Dav");
        assertFalse(masked.contains("a@b.c") || masked.contains("Dav"), masked);
        assertTrue(masked.contains("\"id\":\"1\""), masked);
    }

    @Test
    void attributesAsAStringAndPersonalKeysOutsideAttributesAreMasked() {
        String masked = PersonalData.mask("{\"id\":\"7\",\"attributes\":\"{\\\"email\\\":\\\"x@y.z\\\"}\","
                + "\"email\":\"stray@y.z\",\"phone\":5551234,\"type\":\"custmer\"}");
        assertEquals("{\"id\":\"7\",\"attributes\":\"***\",\"email\":\"***\",\"phone\":\"***\",\"type\":\"custmer\"}", masked);
    }

    @Test
    void aDocumentWithoutCustomersKeepsItsText() {
        assertEquals("{\"message\":\"maintenance\"}", PersonalData.mask("{\"message\":\"maintenance\"}"));
        assertEquals("<html>Bad gateway</html>", PersonalData.mask("<html>Bad gateway</html>"));
    }
}

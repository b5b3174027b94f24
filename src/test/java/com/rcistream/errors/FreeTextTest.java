package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.apache.camel.TypeConversionException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.config.ApiToken;
import com.rcistream.testing.Settings;

/**
 * What a reason, a health answer or a log line may keep of a text: what went wrong, never an email address, a value
 * in a URI's query or the value a conversion error quotes.
 */
class FreeTextTest {

    @Test
    void emailInProseIsMaskedPlainOrPercentEncoded() {
        assertEquals(
                "the flaky rule cannot take *** (customer 123456)",
                FreeText.mask("the flaky rule cannot take eric@example.com (customer 123456)"));
        assertEquals(
                "GET /crm/contacts/*** answered 404",
                FreeText.mask("GET /crm/contacts/eric.pasted%40shop-example.net answered 404"));
        assertEquals(
                "Mail to ***, *** failed", FreeText.mask("Mail to Eric.D+news@mail.example.co.uk, a_b@x.io failed"));
    }

    @Test
    void valuesOfAUriQueryAreMaskedButThePaginationsStay() {
        assertEquals(
                "refused next link https://elsewhere.example/api/v1/customers?page%5Bcursor%5D=abc"
                        + "&filter%5Bname%5D=***&page%5Bsize%5D=100: it leaves the configured API origin https://api.example.test",
                FreeText.mask("refused next link https://elsewhere.example/api/v1/customers?page%5Bcursor%5D=abc"
                        + "&filter%5Bname%5D=Eric%20Davis&page%5Bsize%5D=100: it leaves the configured API origin"
                        + " https://api.example.test"));
        assertEquals(
                "Failed to send to http://crm.example/lookup?phone=***&q=*** (HTTP 500).",
                FreeText.mask("Failed to send to http://crm.example/lookup?phone=5551234&q=Eric (HTTP 500)."));
        assertEquals(
                "cannot reach kafka:rci.customers.vip?clientId=*** now",
                FreeText.mask("cannot reach kafka:rci.customers.vip?clientId=eric-laptop now"));
    }

    @Test
    void valueQuotedByAConversionErrorIsMasked() throws Exception {
        String camel = new TypeConversionException(
                        "Eric Davis", Integer.class, new NumberFormatException("For input string: \"Eric Davis\""))
                .getMessage();
        String java = assertThrows(NumberFormatException.class, () -> Integer.parseInt("Eric Davis"))
                .getMessage();
        String time = assertThrows(RuntimeException.class, () -> Instant.parse("Eric Davis"))
                .getMessage();
        String jackson = assertThrows(
                        Exception.class, () -> new ObjectMapper().readValue("\"Eric Davis\"", Integer.class))
                .getMessage();
        for (String message : new String[] {camel, java, time, jackson}) {
            String masked = FreeText.mask(message);
            assertFalse(masked.contains("Eric") || masked.contains("Davis"), message + " became " + masked);
            assertTrue(masked.contains("***"), masked);
        }
        assertEquals(
                "Error during type conversion from type: java.lang.String to the required type: java.lang.Integer"
                        + " with value *** due to java.lang.NumberFormatException: For input string: \"***\"",
                FreeText.mask(camel));
    }

    @Test
    void textWithoutPersonalDataKeepsEveryWord() {
        for (String text : new String[] {
            "RCI API answered HTTP 503 for https://x/api/v1/customers?page%5Bsize%5D=100",
            "record type is 'custmer', expected 'customer'",
            "why? nobody knows",
            "rule rule-vip failed for customer 42",
            "pagination-loop: the sweep has read rci.sweep.max-pages (12) pages"
        }) {
            assertEquals(text, FreeText.mask(text));
        }
    }

    @Test
    void maskingTwiceChangesNothingMore() {
        String once =
                FreeText.mask("cannot take eric@example.com at https://x/c?email=eric@example.com&page%5Bsize%5D=1");
        assertEquals(once, FreeText.mask(once));
    }

    @Test
    void aRefusedValueIsDescribedByItsShape() {
        assertEquals(
                "a value of 28 characters shaped like an email address",
                FreeText.shapeOf("eric.pasted@shop-example.net"));
        assertEquals(
                "a value of 22 character(s): letters, digits, spaces, other characters",
                FreeText.shapeOf("Eric Davis, 12 Main St"));
        assertEquals("a blank value of 2 character(s)", FreeText.shapeOf("  "));
        assertEquals("no value", FreeText.shapeOf(null));
    }

    @Test
    void theMaskOfEveryExitTakesTheTokenAndPersonalDataAlike() {
        TextMasker masker =
                new TextMasker(new ApiToken(Settings.rci(Settings.with("rci.api.token", "tok-1234567890"))));
        assertEquals("Bearer *** refused for ***", masker.mask("Bearer tok-1234567890 refused for eric@example.com"));
        assertEquals(
                "{\"id\":\"7\",\"attributes\":{\"email\":\"***\"},\"note\":\"ask ***\"}",
                masker.maskBody("{\"id\":\"7\",\"attributes\":{\"email\":\"eric@example.com\"},"
                        + "\"note\":\"ask eric@example.com\"}"));
    }
}

package com.rcistream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class CustomerDataTest {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern COHORT = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    private static final List<String> REFERENCE_ATTRIBUTES = List.of(
            "remote_created_at",
            "remote_updated_at",
            "first_name",
            "last_name",
            "email",
            "email_marketing_consent",
            "sms_marketing_consent",
            "created_at",
            "updated_at",
            "ltv_cents",
            "ltv_currency",
            "orders_count",
            "recent_order_at",
            "recency_score",
            "frequency_score",
            "monetary_score",
            "rfm",
            "grade",
            "acquisition_source",
            "cohort",
            "segments",
            "redacted_at");
    private static final Set<String> CURRENCIES = Set.of("USD", "EUR", "GBP", "CAD", "AUD");

    @Test
    void sameSeedAndCountGiveTheSameDataSet() {
        CustomerStore a = new CustomerStore(7, 0.01, 500);
        CustomerStore b = new CustomerStore(7, 0.01, 500);
        assertEquals(a.ids(), b.ids());
        for (int i = 0; i < 500; i++) {
            assertEquals(a.attributes(i), b.attributes(i));
        }
        CustomerStore other = new CustomerStore(8, 0.01, 500);
        assertNotEquals(a.ids(), other.ids());
        assertNotEquals(a.attributes(0), other.attributes(0));
    }

    @Test
    void aCustomerDoesNotDependOnTheSizeOfTheDataSet() {
        CustomerStore small = new CustomerStore(42, 0.01, 10);
        CustomerStore large = new CustomerStore(42, 0.01, 1_000_000);
        assertEquals(small.ids(), large.ids().subList(0, 10));
        assertEquals(small.attributes(9), large.attributes(9));
        assertEquals(1_000_000, large.ids().size());
        assertEquals(999_999, large.indexOf(large.ids().get(999_999)));
    }

    @Test
    void idsAreUniqueIncreasingStringsThatADoubleCannotHold() {
        CustomerStore store = new CustomerStore(42, 0.01, 20_000);
        Set<String> seen = new HashSet<>();
        BigInteger previous = BigInteger.ZERO;
        BigInteger twoTo53 = BigInteger.TWO.pow(53);
        for (String id : store.ids()) {
            assertTrue(seen.add(id), "duplicate id " + id);
            BigInteger numeric = new BigInteger(id);
            assertTrue(numeric.compareTo(twoTo53) > 0, id + " is not above 2^53");
            assertTrue(numeric.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0, id + " is not a long");
            assertTrue(numeric.compareTo(previous) > 0, "ids are not in increasing order at " + id);
            assertNotEquals(
                    id,
                    new BigInteger(String.format("%.0f", Double.parseDouble(id))).toString(),
                    id + " survives a double");
            previous = numeric;
        }
    }

    @Test
    void idsMapBackToTheirPositionAndUnknownIdsDoNot() {
        CustomerStore store = new CustomerStore(42, 0.01, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, store.indexOf(store.idAt(i)));
        }
        String last = store.idAt(999);
        assertEquals(-1, store.indexOf(new BigInteger(last).add(BigInteger.ONE).toString()));
        assertEquals(-1, store.indexOf(store.idAt(1000)), "beyond the count");
        assertEquals(-1, store.indexOf("0" + store.idAt(3)));
        assertEquals(-1, store.indexOf("123456"));
        assertEquals(-1, store.indexOf("abc"));
        assertEquals(-1, store.indexOf(""));
    }

    @Test
    void everyCustomerIsShapedLikeTheReference() {
        CustomerStore store = new CustomerStore(42, 0.01, 5000);
        Set<String> currencies = new HashSet<>();
        int withoutOrders = 0;
        for (int i = 0; i < store.size(); i++) {
            ObjectNode a = store.attributes(i);
            List<String> names = new ArrayList<>();
            a.fieldNames().forEachRemaining(names::add);
            assertEquals(REFERENCE_ATTRIBUTES, names);

            int r = a.get("recency_score").intValue();
            int f = a.get("frequency_score").intValue();
            int m = a.get("monetary_score").intValue();
            for (int score : new int[] {r, f, m}) {
                assertTrue(score >= 1 && score <= 5, "score " + score + " of customer " + i);
            }
            assertEquals(100 * r + 10 * f + m, a.get("rfm").intValue());
            assertTrue(
                    Set.of("A", "B", "C", "D", "F").contains(a.get("grade").asText()),
                    a.get("grade").asText());
            assertTrue(
                    COHORT.matcher(a.get("cohort").asText()).matches(),
                    a.get("cohort").asText());
            assertTrue(CURRENCIES.contains(a.get("ltv_currency").asText()));
            currencies.add(a.get("ltv_currency").asText());
            assertTrue(
                    a.get("ltv_cents").isIntegralNumber() && a.get("ltv_cents").longValue() >= 0);
            assertTrue(a.get("orders_count").isInt() && a.get("orders_count").intValue() >= 0);
            if (a.get("orders_count").intValue() == 0) {
                withoutOrders++;
                assertEquals(0, a.get("ltv_cents").longValue());
            }
            assertTrue(a.get("email_marketing_consent").isBoolean());
            assertTrue(a.get("sms_marketing_consent").isBoolean());
            assertTrue(a.get("acquisition_source").isTextual());
            JsonNode segments = a.get("segments");
            assertTrue(segments.isArray() && segments.size() > 0);
            segments.forEach(s -> assertTrue(s.isTextual() && !s.asText().isBlank()));
            for (String field : List.of("remote_created_at", "remote_updated_at", "created_at", "updated_at")) {
                assertTrue(TIMESTAMP.matcher(a.get(field).asText()).matches(), field + ": " + a.get(field));
            }
            for (String field : List.of("recent_order_at", "redacted_at")) {
                assertTrue(
                        a.get(field).isNull()
                                || TIMESTAMP.matcher(a.get(field).asText()).matches(),
                        field + ": " + a.get(field));
            }
            Instant created = Instant.parse(a.get("created_at").asText());
            assertFalse(Instant.parse(a.get("updated_at").asText()).isBefore(created));
            assertFalse(Instant.parse(a.get("remote_updated_at").asText())
                    .isBefore(Instant.parse(a.get("remote_created_at").asText())));
        }
        assertEquals(CURRENCIES, currencies, "mostly USD, but every currency shows up");
        assertTrue(withoutOrders > 0, "some customers have orders_count 0");
    }

    @Test
    void aboutOnePercentAreRedactedWithTheirPiiNull() {
        CustomerStore store = new CustomerStore(42, 0.01, 20_000);
        int redacted = 0;
        for (int i = 0; i < store.size(); i++) {
            ObjectNode a = store.attributes(i);
            if (a.get("redacted_at").isNull()) {
                assertTrue(a.get("email").isTextual() && a.get("email").asText().contains("@"));
                assertTrue(a.get("first_name").isTextual() && a.get("last_name").isTextual());
                continue;
            }
            redacted++;
            assertTrue(a.get("first_name").isNull());
            assertTrue(a.get("last_name").isNull());
            assertTrue(a.get("email").isNull());
            assertFalse(a.get("email_marketing_consent").booleanValue());
            assertFalse(a.get("sms_marketing_consent").booleanValue());
            assertTrue(TIMESTAMP.matcher(a.get("redacted_at").asText()).matches());
        }
        assertTrue(redacted >= 140 && redacted <= 260, redacted + " redacted out of 20000");
    }

    @Test
    void gradeFollowsTheScoresAndSkipsE() {
        assertEquals("A", new RfmScores(5, 5, 5).grade());
        assertEquals("D", new RfmScores(4, 1, 1).grade());
        assertEquals("F", new RfmScores(1, 1, 1).grade());
        assertEquals(411, new RfmScores(4, 1, 1).rfm());
        assertEquals(
                List.of("Promising new", "Low spender", "Recent low spender (RM)"),
                SegmentNames.of(new RfmScores(4, 1, 1)));
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    RfmScores scores = new RfmScores(r, f, m);
                    assertTrue(Set.of("A", "B", "C", "D", "F").contains(scores.grade()));
                    assertEquals(3, SegmentNames.of(scores).size());
                    if (r < 5) {
                        assertTrue(
                                new RfmScores(r + 1, f, m).grade().compareTo(scores.grade()) <= 0,
                                "a better score never gives a worse grade");
                    }
                }
            }
        }
    }
}

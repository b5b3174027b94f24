package com.rcistream.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a customer's facts as the API's {@code attributes} object, in the reference's order and formats. */
final class CustomerAttributes {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COHORT =
            DateTimeFormatter.ofPattern("uuuu-MM").withZone(ZoneOffset.UTC);

    private CustomerAttributes() {}

    /** The attributes object, scored as of {@code asOf}. */
    static ObjectNode render(CustomerFacts f, Instant asOf) {
        RfmScores scores = RfmScores.of(f, asOf);
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("remote_created_at", timestamp(f.remoteCreatedAt()));
        a.put("remote_updated_at", timestamp(f.remoteUpdatedAt()));
        a.put("first_name", f.firstName());
        a.put("last_name", f.lastName());
        a.put("email", f.email());
        a.put("email_marketing_consent", f.emailConsent());
        a.put("sms_marketing_consent", f.smsConsent());
        a.put("created_at", timestamp(f.createdAt()));
        a.put("updated_at", timestamp(f.updatedAt()));
        // an int when it fits, as a JSON parser would read it back, so served and re-read attributes are equal
        if (f.ltvCents() == (int) f.ltvCents()) {
            a.put("ltv_cents", (int) f.ltvCents());
        } else {
            a.put("ltv_cents", f.ltvCents());
        }
        a.put("ltv_currency", f.ltvCurrency());
        a.put("orders_count", f.ordersCount());
        a.put("recent_order_at", timestamp(f.recentOrderAt()));
        a.put("recency_score", scores.recency());
        a.put("frequency_score", scores.frequency());
        a.put("monetary_score", scores.monetary());
        a.put("rfm", scores.rfm());
        a.put("grade", scores.grade());
        a.put("acquisition_source", f.acquisitionSource());
        a.put("cohort", COHORT.format(f.firstOrderAt() != null ? f.firstOrderAt() : f.remoteCreatedAt()));
        ArrayNode segments = a.putArray("segments");
        SegmentNames.of(scores).forEach(segments::add);
        a.put("redacted_at", timestamp(f.redactedAt()));
        return a;
    }

    /** ISO-8601 UTC with milliseconds and {@code Z}, or null. */
    static String timestamp(Instant at) {
        return at == null ? null : ISO_MILLIS.format(at);
    }
}

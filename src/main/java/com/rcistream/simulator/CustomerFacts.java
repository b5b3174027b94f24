package com.rcistream.simulator;

import java.time.Duration;
import java.time.Instant;

/** What the simulator knows about one customer; the served attributes (scores, grade, segments...) derive from it. */
record CustomerFacts(
        Instant remoteCreatedAt,
        Instant remoteUpdatedAt,
        String firstName,
        String lastName,
        String email,
        boolean emailConsent,
        boolean smsConsent,
        Instant createdAt,
        Instant updatedAt,
        long ltvCents,
        String ltvCurrency,
        int ordersCount,
        Instant firstOrderAt,
        Instant recentOrderAt,
        String acquisitionSource,
        Instant redactedAt) {

    /** Whether the customer's PII has been redacted (GDPR). */
    boolean redacted() {
        return redactedAt != null;
    }

    /** The customer placed a new order worth {@code cents}, synced into RCI at {@code at}. */
    CustomerFacts withOrder(Instant at, long cents) {
        Instant orderAt = truncatedToSeconds(at.minus(Duration.ofMinutes(2)));
        return new CustomerFacts(
                remoteCreatedAt,
                truncatedToSeconds(at.minus(Duration.ofMinutes(1))),
                firstName,
                lastName,
                email,
                emailConsent,
                smsConsent,
                createdAt,
                at,
                ltvCents + cents,
                ltvCurrency,
                ordersCount + 1,
                firstOrderAt == null ? orderAt : firstOrderAt,
                orderAt,
                acquisitionSource,
                redactedAt);
    }

    /** The customer's marketing consent changed at the source, synced into RCI at {@code at}. */
    CustomerFacts withConsent(boolean email, boolean sms, Instant at) {
        return new CustomerFacts(
                remoteCreatedAt,
                truncatedToSeconds(at.minus(Duration.ofMinutes(1))),
                firstName,
                lastName,
                this.email,
                email,
                sms,
                createdAt,
                at,
                ltvCents,
                ltvCurrency,
                ordersCount,
                firstOrderAt,
                recentOrderAt,
                acquisitionSource,
                redactedAt);
    }

    /** The customer asked for deletion: PII gone, no consent, {@code redacted_at} set. */
    CustomerFacts redact(Instant at) {
        return new CustomerFacts(
                remoteCreatedAt,
                remoteUpdatedAt,
                null,
                null,
                null,
                false,
                false,
                createdAt,
                at,
                ltvCents,
                ltvCurrency,
                ordersCount,
                firstOrderAt,
                recentOrderAt,
                acquisitionSource,
                at);
    }

    private static Instant truncatedToSeconds(Instant at) {
        return Instant.ofEpochSecond(at.getEpochSecond());
    }
}

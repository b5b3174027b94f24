package com.rcistream.errors;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait after a 429: the server's Retry-After (seconds or HTTP-date) when it sends one, else backoff. */
public final class RetryAfter {

    private RetryAfter() {}

    /** Parses delay-seconds or an HTTP-date (RFC 9110); empty when absent or unreadable. */
    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /**
     * The wait for the n-th 429 in a row (n from 1): Retry-After capped at {@code cap}; without it, exponential
     * backoff from {@code base} with full jitter in [half, whole], also capped.
     */
    public static Duration waitFor(String header, int consecutive, Duration base, Duration cap, Instant now) {
        Optional<Duration> asked = parse(header, now);
        if (asked.isPresent()) {
            return min(asked.get(), cap);
        }
        long exponential = base.toMillis() << Math.min(20, Math.max(0, consecutive - 1));
        long capped = Math.min(exponential, cap.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

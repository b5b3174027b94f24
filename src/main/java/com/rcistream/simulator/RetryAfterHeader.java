package com.rcistream.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Writes a Retry-After value as delay-seconds or as an HTTP-date (RFC 9110 IMF-fixdate), or leaves it out. */
final class RetryAfterHeader {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private RetryAfterHeader() {}

    /** Whole seconds, rounded up, at least 1. */
    static long seconds(Duration delay) {
        long nanos = Math.max(0, delay.toNanos());
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The header value for {@code delay} in the given format ({@code seconds}, {@code date} or {@code none}). */
    static Optional<String> format(Duration delay, String format, Instant now) {
        switch (format) {
            case "none":
                return Optional.empty();
            case "date":
                // whole seconds from a whole-second now, so the date is never earlier than the delay asks
                return Optional.of(HTTP_DATE.format(
                        Instant.ofEpochSecond(now.getEpochSecond() + 1).plusSeconds(seconds(delay))));
            default:
                return Optional.of(Long.toString(seconds(delay)));
        }
    }
}

package com.rcistream.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * The simulated API's answer, to be written after {@code delay} (zero: at once).
 *
 * @param status HTTP status
 * @param headers response headers, Content-Type included
 * @param body the body, exactly as sent (it may be deliberately broken)
 * @param delay how long to hold the answer back
 * @param shape how the body is streamed when it is not sent whole (padded, a gzip bomb, dripped); null: whole
 */
record SimulatedResponse(int status, Map<String, String> headers, String body, Duration delay, BodyShape shape) {

    /** An answer whose body is sent whole. */
    SimulatedResponse(int status, Map<String, String> headers, String body, Duration delay) {
        this(status, headers, body, delay, null);
    }

    /**
     * A body streamed rather than sent whole, so that the simulator never holds it: padded with whitespace to
     * {@code bytes}, a gzip stream that inflates to {@code bytes}, or the body one byte at a time.
     */
    record BodyShape(Kind kind, long bytes) {

        enum Kind {
            PADDED,
            GZIP_BOMB,
            DRIP
        }
    }
}

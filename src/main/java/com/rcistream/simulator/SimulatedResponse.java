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
 */
record SimulatedResponse(int status, Map<String, String> headers, String body, Duration delay) {
}

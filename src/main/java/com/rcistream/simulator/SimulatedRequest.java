package com.rcistream.simulator;

/**
 * What the simulated API needs to know about one HTTP request.
 *
 * @param method the HTTP method
 * @param path the decoded path, e.g. {@code /api/v1/customers}
 * @param pathAndQuery the path with the raw query string, for the request log
 * @param cursor the decoded {@code page[cursor]} query parameter, null when absent
 * @param authorization the Authorization header, null when absent
 * @param origin scheme and authority the client used ({@code http://localhost:8081}): links are built on it
 */
record SimulatedRequest(
        String method, String path, String pathAndQuery, String cursor, String authorization, String origin) {}

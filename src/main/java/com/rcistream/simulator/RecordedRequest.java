package com.rcistream.simulator;

import java.time.Instant;

/**
 * One request the simulated API answered.
 *
 * @param time when it arrived
 * @param method the HTTP method
 * @param pathAndQuery the path with the raw query string, as sent
 * @param status the status answered
 * @param tokenValid whether it carried the accepted bearer token
 * @param account the simulated account it was answered for, null for the single account (never the token)
 */
public record RecordedRequest(
        Instant time, String method, String pathAndQuery, int status, boolean tokenValid, String account) {}

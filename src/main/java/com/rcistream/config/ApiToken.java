package com.rcistream.config;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.simulator.SimulatorConfig;

/**
 * The bearer token, kept in one place so that nothing else holds it: from {@code rci.api.token}
 * ({@code RCI_API_TOKEN}), or, with the simulator on and no token set, the simulator's sandbox token.
 */
@ApplicationScoped
public class ApiToken {

    private final String value;

    public ApiToken(RciConfig config, SimulatorConfig simulator) {
        this.value = config.api().token().filter(t -> !t.isBlank())
                .orElse(simulator.enabled() ? simulator.token() : null);
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The Authorization header value; only the API call route asks for it. */
    public String authorizationHeader() {
        return "Bearer " + value;
    }

    /** Replaces any occurrence of the token in a text that is about to leave the process (log, dead letter). */
    public String redact(String text) {
        if (text == null || value == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}

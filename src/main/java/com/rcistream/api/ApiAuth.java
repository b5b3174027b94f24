package com.rcistream.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.config.ApiToken;

/**
 * Remembers that the API refused the token (401), so that nothing asks it again with the same token: no retry
 * storm against a revoked token. A different token (a changed secret file, or a restart) clears it. Calls are held
 * too while there is no token at all (a token file rotated to empty).
 */
@ApplicationScoped
public class ApiAuth {

    private final ApiToken token;
    /** One immutable value, so that the fingerprint and the reason are always seen together. */
    private volatile Refusal refusal;

    private record Refusal(String fingerprint, String reason) {}

    public ApiAuth(ApiToken token) {
        this.token = token;
    }

    /** Records the refusal of the token that was sent (by its fingerprint, taken when the request was prepared). */
    public void refused(String url, String sentFingerprint) {
        refusal = new Refusal(
                sentFingerprint,
                "the RCI API refused the token (HTTP 401) at " + Instant.now() + " for " + url
                        + "; polling is stopped until the token changes (RCI_API_TOKEN or rci.api.token-file) or a restart");
    }

    /** Whether the token in use now is the one the API refused. */
    public boolean blocked() {
        return reason() != null;
    }

    /** Why calls are held (no token to send, or the API refused the one in force), or null when they are not. */
    public String reason() {
        String missing = token.missingReason();
        if (missing != null) {
            return missing;
        }
        Refusal current = refusal;
        return current != null && current.fingerprint().equals(token.fingerprint()) ? current.reason() : null;
    }
}

package com.rcistream.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.config.ApiToken;

/**
 * Remembers that the API refused the token (401), so that nothing asks it again with the same token: no retry
 * storm against a revoked token. A different token (a changed secret file, or a restart) clears it.
 */
@ApplicationScoped
public class ApiAuth {

    private final ApiToken token;
    private volatile String refusedFingerprint;
    private volatile String reason;

    public ApiAuth(ApiToken token) {
        this.token = token;
    }

    /** Records the refusal of the token in use now. */
    public void refused(String url) {
        refusedFingerprint = token.fingerprint();
        reason = "the RCI API refused the token (HTTP 401) at " + Instant.now() + " for " + url
                + "; polling is stopped until the token changes (RCI_API_TOKEN or rci.api.token-file) or a restart";
    }

    /** Whether the token in use now is the one the API refused. */
    public boolean blocked() {
        String refused = refusedFingerprint;
        return refused != null && refused.equals(token.fingerprint());
    }

    /** Why calls are held, or null when they are not. */
    public String reason() {
        return blocked() ? reason : null;
    }
}

package com.rcistream.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import com.rcistream.config.AccountsConfig;
import com.rcistream.config.ApiToken;

/**
 * One RCI account (one store): its token, its 429 gate and its 401 hold, shared by its sweeps and refresh requests.
 * The budget is per token, so nothing of one account slows another. The one account of rci.api.token has the empty
 * id and leaves the records as they always were; an account of rci.accounts.token-dir is named on every record.
 */
public final class Account {

    private final String id;
    private final ApiToken single;
    private final ApiGate gate;
    /** Its own rci.accounts.<id>.* settings; none for the one account of rci.api.token. */
    private final Optional<AccountsConfig.Own> own;

    private volatile String token;
    private volatile boolean removed;
    /** One immutable value, so that the fingerprint and the reason are always seen together. */
    private volatile Refusal refusal;

    private record Refusal(String fingerprint, String reason) {}

    private Account(String id, ApiToken single, String token, AccountsConfig.Own own) {
        this.id = id;
        this.single = single;
        this.token = token;
        this.own = Optional.ofNullable(own);
        this.gate = new ApiGate(id);
    }

    /** The one account of rci.api.token (or rci.api.token-file), as the bundle always had. */
    public static Account single(ApiToken token) {
        return new Account("", token, null, null);
    }

    /** An account of the token directory with the rci.api.* settings. */
    public static Account named(String id, String token) {
        return named(id, token, null);
    }

    /** An account of the token directory with its own settings (null: none). */
    public static Account named(String id, String token, AccountsConfig.Own own) {
        return new Account(id, null, token, own);
    }

    /** Its own API base URL, when it has one; else rci.api.base-url applies. */
    public Optional<String> baseUrl() {
        return own.flatMap(AccountsConfig.Own::baseUrl);
    }

    /** Its own budget in calls a minute, when it has one; else rci.api.requests-per-minute applies. */
    public OptionalInt requestsPerMinute() {
        return own.map(AccountsConfig.Own::requestsPerMinute).orElse(OptionalInt.empty());
    }

    /** Whether it is swept (rci.accounts.<id>.enabled, true by default). */
    public boolean enabled() {
        return own.map(AccountsConfig.Own::enabled).orElse(true);
    }

    /** The id as records and logs carry it; empty for the one account of rci.api.token. */
    public String id() {
        return id;
    }

    /** Whether records carry the account (an account of the token directory). */
    public boolean named() {
        return single == null;
    }

    public ApiGate gate() {
        return gate;
    }

    /** The token for one request, read once; null when there is none (the caller holds the request). */
    public ApiToken.Current token() {
        if (single != null) {
            return single.current();
        }
        String value = token;
        return value == null ? null : new ApiToken.Current("Bearer " + value, ApiToken.fingerprintOf(value));
    }

    /** A short hash that tells tokens apart without revealing them. */
    public String fingerprint() {
        return single != null ? single.fingerprint() : ApiToken.fingerprintOf(token);
    }

    /** A changed token file: the new token, which ends a 401 hold of the old one. */
    void rotate(String newToken) {
        this.token = newToken;
    }

    /** Whether its token file is gone: no sweep starts for it any more. */
    public boolean removed() {
        return removed;
    }

    void removed(boolean value) {
        this.removed = value;
    }

    /** Records the API's refusal of the token that was sent (by its fingerprint, taken when it was prepared). */
    public void refused(String url, String sentFingerprint) {
        String change = single != null
                ? "RCI_API_TOKEN or rci.api.token-file"
                : "its file " + id + " in rci.accounts.token-dir";
        refusal = new Refusal(
                sentFingerprint,
                "the RCI API refused the token" + (single != null ? "" : " of account " + id) + " (HTTP 401) at "
                        + Instant.now() + " for " + url + "; polling is stopped until the token changes (" + change
                        + ") or a restart");
    }

    /** Why calls are held (no token to send, or the API refused the one in force), or null when they are not. */
    public String holdReason() {
        String missing = missingReason();
        if (missing != null) {
            return missing;
        }
        Refusal current = refusal;
        return current != null && current.fingerprint().equals(fingerprint()) ? current.reason() : null;
    }

    /** Whether the token in use now is the one the API refused (or there is none). */
    public boolean blocked() {
        return holdReason() != null;
    }

    private String missingReason() {
        if (single != null) {
            return single.missingReason();
        }
        return token == null
                ? "no API token for account " + id + ": its file in rci.accounts.token-dir is empty or gone"
                : null;
    }

    /** Replaces any occurrence of its token in a text about to leave the process. */
    public String redact(String text) {
        if (single != null) {
            return single.redact(text);
        }
        String value = token;
        return text == null || value == null || value.isEmpty() ? text : text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "Account[" + id + ", " + fingerprint() + "]";
    }
}

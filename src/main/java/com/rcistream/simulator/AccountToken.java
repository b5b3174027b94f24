package com.rcistream.simulator;

/** An account's id and bearer token, and whether that token is refused for now (as a revoked one would be). */
final class AccountToken {

    private final String account;
    private volatile String token;
    private volatile boolean refused;

    /** The token of {@code account} (null for the single account), accepted until changed or refused. */
    AccountToken(String account, String token) {
        this.account = account;
        set(token);
    }

    /** The token accepted from now on, no longer refused; the old one gets 401. */
    void set(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the simulator's token must not be blank");
        }
        this.token = token;
        this.refused = false;
    }

    /** Whether this presented token is the account's, whatever its refusal. */
    boolean isOf(String presented) {
        return token.equals(presented);
    }

    /** Whether a request with this presented token is let through: the account's token, not refused. */
    boolean accepts(String presented) {
        return !refused && isOf(presented);
    }

    void setRefused(boolean refused) {
        this.refused = refused;
    }

    boolean refused() {
        return refused;
    }

    String value() {
        return token;
    }

    String account() {
        return account;
    }
}

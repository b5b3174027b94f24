package com.rcistream.errors;

/** A call not made: the API refused this token earlier (401), and it is not asked again until the token changes. */
public class TokenRefusedException extends RuntimeException {

    public TokenRefusedException(String reason) {
        super(reason);
    }
}

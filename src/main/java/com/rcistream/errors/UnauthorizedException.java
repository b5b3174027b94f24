package com.rcistream.errors;

/** HTTP 401: the token was refused. Never retried: polling stops until the token changes. */
public class UnauthorizedException extends ApiResponseException {

    public UnauthorizedException(String url, String body) {
        super(401, url, body, null);
    }
}

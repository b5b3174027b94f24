package com.rcistream.errors;

/** HTTP 429: not a failure but a request to wait; retried after the wait, which every other API call honours too. */
public class RateLimitedException extends ApiResponseException {

    public RateLimitedException(String url, String body, String retryAfter) {
        super(429, url, body, retryAfter);
    }
}

package com.rcistream.errors;

/**
 * A non-2xx answer from the API. Carries what the dead-letter envelope needs (the start of the body, bounded);
 * never the request's headers.
 */
public class ApiResponseException extends RuntimeException {

    private final int status;
    private final String url;
    private final String body;
    private final String retryAfter;

    public ApiResponseException(int status, String url, String body, String retryAfter) {
        super("RCI API answered HTTP " + status + " for " + url);
        this.status = status;
        this.url = url;
        this.body = Excerpts.bounded(body);
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String url() {
        return url;
    }

    public String body() {
        return body;
    }

    /** The Retry-After header as sent, or null. */
    public String retryAfter() {
        return retryAfter;
    }
}

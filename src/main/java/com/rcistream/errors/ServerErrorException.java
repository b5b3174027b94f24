package com.rcistream.errors;

/** HTTP 5xx: retried with exponential backoff; exhausted, it is dead-lettered and the sweep stops. */
public class ServerErrorException extends ApiResponseException {

    public ServerErrorException(int status, String url, String body, String retryAfter) {
        super(status, url, body, retryAfter);
    }
}

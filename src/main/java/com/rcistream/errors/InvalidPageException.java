package com.rcistream.errors;

/** A 2xx answer whose body is not a JSON:API document of customers: the page is dead-lettered whole. */
public class InvalidPageException extends RuntimeException {

    private final String body;

    public InvalidPageException(String reason, String body) {
        super(reason);
        this.body = Excerpts.bounded(body);
    }

    public String body() {
        return body;
    }
}

package com.rcistream.errors;

import java.io.InterruptedIOException;

/**
 * No complete answer within rci.api.request-timeout: a server that drips a byte now and then never trips the read
 * timeout (which is per read), so every request also has a total deadline. A timeout like any other: retried.
 */
public class RequestDeadlineException extends InterruptedIOException {

    public RequestDeadlineException(String deadline) {
        super("no complete answer within rci.api.request-timeout (" + deadline + "); the connection was closed");
    }
}

package com.rcistream.simulator;

/** A {@code page[cursor]} the simulator did not issue, was tampered with, or has expired: answered 422. */
final class InvalidCursorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidCursorException(String reason) {
        super(reason);
    }
}

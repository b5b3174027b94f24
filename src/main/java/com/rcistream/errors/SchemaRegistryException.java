package com.rcistream.errors;

/**
 * The schema registry did not answer, or answered with a failure that is not the schema's (a 5xx, a 401, a timeout):
 * like Kafka being down, the sweep stops without moving the checkpoint and the next one publishes the page again.
 */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.rcistream.events;

import java.io.ByteArrayOutputStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A registry format's schemas (JSON Schema, Avro): the schema of each value, and the value's bytes under it. */
public interface ValueSchemas {

    /** The registry's name of the schema language (Confluent's schemaType: JSON, AVRO). */
    String schemaType();

    /** A customer's schema, one string instance a shape; a BadRecordException when an attribute's type is not its own. */
    String customer(ObjectNode value, String id);

    /** The schema of a redaction event ({account, id, redacted_at}). */
    String redaction();

    /** The value's bytes under one of the schemas this gave, after the wire format's five. */
    void write(String schema, ObjectNode value, ByteArrayOutputStream out);
}

package com.rcistream.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One valid customer resource: its id (always a string) and its attributes exactly as served. */
public record Customer(String id, ObjectNode attributes) {}

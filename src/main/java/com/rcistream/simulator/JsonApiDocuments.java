package com.rcistream.simulator;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON:API v1.0 documents the API answers with: resource objects, list and single documents, errors. */
final class JsonApiDocuments {

    /** The JSON:API media type, on every answer of the simulated API. */
    static final String MEDIA_TYPE = "application/vnd.api+json";

    static final String CUSTOMER_TYPE = "customer";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonApiDocuments() {}

    /** One customer resource object: type, id, attributes and its self link. */
    static ObjectNode customer(String id, ObjectNode attributes, String selfUrl) {
        ObjectNode resource = NODES.objectNode();
        resource.put("type", CUSTOMER_TYPE);
        resource.put("id", id);
        resource.set("attributes", attributes);
        resource.putObject("links").put("self", selfUrl);
        return resource;
    }

    /** A list document: links (first, and next only when given), data, jsonapi. */
    static ObjectNode list(List<ObjectNode> resources, String firstUrl, String nextUrl) {
        ObjectNode doc = NODES.objectNode();
        ObjectNode links = doc.putObject("links");
        links.put("first", firstUrl);
        if (nextUrl != null) {
            links.put("next", nextUrl);
        }
        ArrayNode data = doc.putArray("data");
        resources.forEach(data::add);
        doc.set("jsonapi", jsonapi());
        return doc;
    }

    /** A single-resource document: data (with its own self link), a top-level self link, jsonapi. */
    static ObjectNode single(ObjectNode resource) {
        ObjectNode doc = NODES.objectNode();
        doc.set("data", resource);
        doc.putObject("links").set("self", resource.path("links").path("self"));
        doc.set("jsonapi", jsonapi());
        return doc;
    }

    /** An errors document with one error. */
    static ObjectNode error(int status, String title, String detail) {
        ObjectNode doc = NODES.objectNode();
        ObjectNode error = doc.putArray("errors").addObject();
        error.put("status", Integer.toString(status));
        error.put("title", title);
        error.put("detail", detail);
        doc.set("jsonapi", jsonapi());
        return doc;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static ObjectNode jsonapi() {
        ObjectNode jsonapi = NODES.objectNode();
        jsonapi.put("version", "1.0");
        return jsonapi;
    }
}

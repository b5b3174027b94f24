package com.rcistream.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.InvalidPageException;

/**
 * Reads the API's JSON:API documents. A document that is not JSON:API fails the whole page; a single record that
 * is not a customer resource fails that record alone, so the rest of its page still flows.
 */
public final class JsonApiReader {

    public static final String CUSTOMER_TYPE = "customer";

    private final ObjectMapper mapper;

    public JsonApiReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A list document: {@code data} must be an array; {@code links.next}, when present, a string. */
    public CustomerPage readPage(String body) {
        return readPage(bytes(body));
    }

    /** The same, from the answer's bytes as they came (Jackson reads UTF-8 bytes faster than a string). */
    public CustomerPage readPage(byte[] body) {
        JsonNode doc = readDocument(body);
        JsonNode data = doc.get("data");
        if (data == null || !data.isArray()) {
            throw new InvalidPageException("not a JSON:API list document: no data array", text(body));
        }
        JsonNode next = doc.path("links").get("next");
        if (next != null && !next.isNull() && !next.isTextual()) {
            throw new InvalidPageException("not a JSON:API list document: links.next is not a string", text(body));
        }
        List<JsonNode> records = new ArrayList<>(data.size());
        data.forEach(records::add);
        return new CustomerPage(
                records, next == null || next.isNull() || next.asText().isBlank() ? null : next.asText());
    }

    /** A single-resource document: {@code data} must be one customer resource. */
    public Customer readSingle(String body) {
        return readSingle(bytes(body));
    }

    /** The same, from the answer's bytes. */
    public Customer readSingle(byte[] body) {
        JsonNode doc = readDocument(body);
        JsonNode data = doc.get("data");
        if (data == null || !data.isObject()) {
            throw new InvalidPageException(
                    "not a JSON:API single-resource document: data is not an object", text(body));
        }
        return toCustomer(data);
    }

    /** Checks one resource object and returns it as a customer, or fails with the reason it cannot be one. */
    public Customer toCustomer(JsonNode resource) {
        if (resource == null || !resource.isObject()) {
            throw new BadRecordException("record is not a JSON object", null, excerptOf(resource));
        }
        String id = idOf(resource.get("id"));
        if (id == null) {
            throw new BadRecordException(
                    "record has no usable id (must be a non-empty string)", null, excerptOf(resource));
        }
        JsonNode type = resource.get("type");
        if (type == null || !CUSTOMER_TYPE.equals(type.asText(null))) {
            throw new BadRecordException(
                    "record type is " + (type == null ? "missing" : "'" + type.asText() + "'")
                            + ", expected 'customer'",
                    id,
                    excerptOf(resource));
        }
        JsonNode attributes = resource.get("attributes");
        if (attributes == null || !attributes.isObject()) {
            throw new BadRecordException("record attributes are not a JSON object", id, excerptOf(resource));
        }
        return new Customer(id, (ObjectNode) attributes);
    }

    /**
     * What can still be read of a record that is not a valid customer resource but is a redacted customer: its id and
     * {@code redacted_at} (in its attributes, or beside them), so that it can still be erased; null otherwise.
     */
    public Customer redactedRemains(JsonNode resource) {
        if (resource == null || !resource.isObject()) {
            return null;
        }
        String id = idOf(resource.get("id"));
        JsonNode attributes = resource.get("attributes");
        JsonNode redactedAt = attributes != null && attributes.isObject() ? attributes.get("redacted_at") : null;
        if (redactedAt == null || !redactedAt.isTextual()) {
            redactedAt = resource.get("redacted_at");
        }
        if (id == null
                || redactedAt == null
                || !redactedAt.isTextual()
                || redactedAt.asText().isBlank()) {
            return null;
        }
        ObjectNode remains = mapper.createObjectNode();
        remains.set("redacted_at", redactedAt);
        return new Customer(id, remains);
    }

    /** JSON:API ids are strings; an integral number is taken by its exact digits (never through a double). */
    private static String idOf(JsonNode id) {
        if (id == null) {
            return null;
        }
        if (id.isTextual()) {
            return id.asText().isBlank() ? null : id.asText();
        }
        if (id.isIntegralNumber()) {
            return id.bigIntegerValue().toString();
        }
        return null;
    }

    private JsonNode readDocument(byte[] body) {
        String blank = body == null || body.length > 64 ? null : text(body);
        if (body == null || blank != null && blank.isBlank()) {
            throw new InvalidPageException("empty body where a JSON:API document was expected", blank);
        }
        JsonNode doc;
        try {
            doc = mapper.readTree(body);
        } catch (IOException e) {
            // Jackson quotes the token it stumbled on, which may be a customer's data: only its position is kept
            String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new InvalidPageException(
                    "body is not valid JSON: "
                            + message.replaceAll("'[^']{2,}'", "'…'").replaceAll("\\s+", " "),
                    text(body));
        }
        if (doc == null || !doc.isObject()) {
            throw new InvalidPageException("body is not a JSON:API document (not a JSON object)", text(body));
        }
        if (doc.has("errors") && !doc.has("data")) {
            throw new InvalidPageException("JSON:API errors document where data was expected", text(body));
        }
        return doc;
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The body as text, only where an exception quotes it. */
    private static String text(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    private static String excerptOf(JsonNode node) {
        return node == null ? "null" : node.toString();
    }
}

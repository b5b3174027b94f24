package com.rcistream.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.SchemaRegistryException;

/**
 * Registers schemas (JSON Schema or Avro, one kind a client) under a subject through the Confluent-compatible API (Apicurio's /apis/ccompat/v7,
 * Confluent's own) and remembers each id. Plain java.net.http rather than a serde: Confluent's client is not on Maven
 * Central, and Apicurio's serdes (2.6.13) bring their own client, Kafka serializer and JSON Schema validator for what
 * is one POST per new schema here. The credentials go in the Authorization header only, never in a message.
 */
public final class SchemaRegistryClient {

    private final ObjectMapper mapper;
    private final String baseUrl;
    private final String shownUrl;
    private final Optional<String> authorization;
    private final String schemaType;
    private final Duration timeout;
    private final HttpClient http;
    /** Ids by subject, then by schema: the schema strings are the derivation's cached ones, their hashes computed once. */
    private final Map<String, Map<String, Integer>> ids = new ConcurrentHashMap<>();

    public SchemaRegistryClient(
            ObjectMapper mapper,
            String baseUrl,
            String schemaType,
            Optional<String> user,
            Optional<String> password,
            Duration timeout) {
        this.mapper = mapper;
        this.schemaType = schemaType;
        this.baseUrl = baseUrl.replaceFirst("/+$", "");
        this.shownUrl = UrlSanitizer.sanitize(this.baseUrl);
        this.authorization = user.map(u -> "Basic "
                + Base64.getEncoder().encodeToString((u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * The id of a schema under the subject {@code <topic>-value} (the topic name strategy), registered on first use (the registry answers the existing id for a schema
     * it has). A 409 or 422 (incompatible with the subject's rule, or invalid) is the record's failure: a
     * BadRecordException for {@code recordId}; anything else is a {@link SchemaRegistryException}.
     */
    public int register(String topic, String schema, String recordId) {
        Map<String, Integer> subject = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer known = subject.get(schema);
        if (known != null) {
            return known;
        }
        int id = post(topic, schema, recordId);
        subject.put(schema, id);
        return id;
    }

    private int post(String topic, String schema, String recordId) {
        String body = mapper.createObjectNode()
                .put("schemaType", schemaType)
                .put("schema", schema)
                .toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl + "/subjects/" + topic + "-value/versions"))
                .timeout(timeout)
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization.ifPresent(a -> request.header("Authorization", a));
        String where = "schema registry " + shownUrl + ", subject " + topic + "-value";
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    where + " not reached: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(where + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status == 409 || status == 422) {
            throw new BadRecordException(
                    where + " refused the record's schema (" + status + ", " + message(response.body())
                            + "): an attribute changed in a way its rule does not allow",
                    recordId,
                    null);
        }
        JsonNode id = status / 100 == 2 ? read(response.body()).get("id") : null;
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException(where + " answered " + status + ": " + message(response.body()), null);
        }
        return id.intValue();
    }

    /** The registry's own message (Confluent's error body), bounded; never a header. */
    private String message(String body) {
        JsonNode message = read(body).get("message");
        String text = message == null ? String.valueOf(body) : message.asText();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private JsonNode read(String body) {
        try {
            return mapper.readTree(body == null ? "{}" : body);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}

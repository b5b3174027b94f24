package com.rcistream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.SchemaRegistryException;
import com.sun.net.httpserver.HttpServer;

/**
 * What the registry client makes of each answer of the Confluent-compatible API, against an HTTP server of the JDK's
 * that answers as a registry would: the id remembered, a refused schema one record's failure, anything else the
 * sweep's, and the login sent but never shown.
 */
class SchemaRegistryClientTest {

    private static final String PASSWORD = "pw-never-shown-42";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> requests = new ArrayList<>();
    private HttpServer server;
    private volatile int status = 200;
    private volatile String answer = "{\"id\":131}";

    private SchemaRegistryClient client() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
        return new SchemaRegistryClient(
                mapper,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/",
                "JSON",
                Optional.of("rci"),
                Optional.of(PASSWORD),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aSchemaIsPostedOnceUnderItsTopicsValueSubjectWithTheLoginAndItsIdRemembered() throws IOException {
        SchemaRegistryClient client = client();

        assertEquals(131, client.register("rci.customers", "{\"type\":\"object\"}", "1"));
        assertEquals(131, client.register("rci.customers", "{\"type\":\"object\"}", "2"));

        assertEquals(1, requests.size(), "registered on first use only: " + requests);
        String request = requests.get(0);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("rci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertTrue(request.startsWith("POST /apis/ccompat/v7/subjects/rci.customers-value/versions " + basic), request);
        JsonNode body = mapper.readTree(request.substring(request.indexOf('{')));
        assertEquals("JSON", body.get("schemaType").asText());
        assertEquals("{\"type\":\"object\"}", body.get("schema").asText());
    }

    @Test
    void aSchemaTheRegistryRefusesIsThatRecordsFailure() throws IOException {
        SchemaRegistryClient client = client();
        status = 409;
        answer = "{\"error_code\":409,\"message\":\"incompatible with an earlier schema\"}";

        BadRecordException refused =
                assertThrows(BadRecordException.class, () -> client.register("rci.customers", "{}", "7"));

        assertEquals("7", refused.recordId());
        assertTrue(
                refused.getMessage().contains("refused the record's schema (409, incompatible"), refused.getMessage());
        assertFalse(refused.getMessage().contains(PASSWORD));
    }

    @Test
    void aRegistryThatFailsOrIsGoneStopsTheSweepNeverShowingTheLogin() throws IOException {
        SchemaRegistryClient client = client();
        status = 503;
        answer = "{\"message\":\"storage unavailable\"}";

        SchemaRegistryException failing =
                assertThrows(SchemaRegistryException.class, () -> client.register("rci.customers", "{}", "7"));
        assertTrue(failing.getMessage().contains("answered 503: storage unavailable"), failing.getMessage());

        status = 401;
        answer = "{\"message\":\"bad login\"}";
        assertThrows(SchemaRegistryException.class, () -> client.register("rci.customers", "{}", "7"));

        server.stop(0);
        SchemaRegistryException gone =
                assertThrows(SchemaRegistryException.class, () -> client.register("rci.customers", "{}", "7"));
        assertTrue(gone.getMessage().contains("not reached"), gone.getMessage());
        for (Exception e : List.of(failing, gone)) {
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertFalse(e.getMessage().contains("Basic"), e.getMessage());
        }
    }
}

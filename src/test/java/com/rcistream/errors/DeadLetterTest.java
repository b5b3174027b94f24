package com.rcistream.errors;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.sun.net.httpserver.HttpServer;

@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class DeadLetterTest extends SimulatedApiTestBase {

    @BeforeEach
    void smallDataSet() {
        simulator.setCustomers(200);
        simulator.setPageSize(50);
    }

    @Test
    void twoBadRecordsAreDeadLetteredAloneWhileTheRestOfTheirPageLands() throws Exception {
        simulator.faults().setBadRecordsPage(1);

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        List<ConsumerRecord<String, String>> dead = sweep.on(DEAD_LETTER);
        assertEquals(2, dead.size(), "one event per bad record");
        for (ConsumerRecord<String, String> r : dead) {
            JsonNode envelope = mapper.readTree(r.value());
            assertEquals("map-customer", envelope.get("stage").asText());
            assertFalse(envelope.get("reason").asText().isBlank());
            assertEquals(sweep.progress().sweepId(), envelope.get("sweep_id").asText());
            assertTrue(envelope.get("body_excerpt").asText().length() > 0);
        }
        Set<String> reasons = dead.stream()
                .map(r -> new String(r.headers().lastHeader("rci_reason").value()))
                .collect(Collectors.toSet());
        assertTrue(reasons.stream().anyMatch(reason -> reason.contains("id")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(reason -> reason.contains("attributes")), reasons.toString());
        Set<String> landed =
                sweep.on(CUSTOMERS).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(198, landed.size(), "every valid customer, the 48 good ones of the bad page included");
        assertEquals(2L, sweep.progress().publishedPerTopic().get(DEAD_LETTER));
        assertEquals(198L, sweep.progress().publishedPerTopic().get(CUSTOMERS));
    }

    @Test
    void pageThatIsNotJsonApiIsDeadLetteredWholeAndStopsTheSweep() throws Exception {
        simulator.faults().setNotJsonApiPage(2);

        Sweep sweep = Sweep.run(producer);

        assertTrue(sweep.progress().failed());
        List<ConsumerRecord<String, String>> dead = sweep.on(DEAD_LETTER);
        assertEquals(1, dead.size(), "one page-level event");
        JsonNode envelope = mapper.readTree(dead.get(0).value());
        assertEquals("read-page", envelope.get("stage").asText());
        assertTrue(envelope.get("reason").asText().contains("JSON:API"), envelope.toString());
        assertTrue(envelope.get("body_excerpt").asText().contains("maintenance"), envelope.toString());
        assertTrue(envelope.get("url").asText().contains("page%5Bcursor%5D="), envelope.toString());
        assertEquals(100, sweep.on(CUSTOMERS).size(), "the two pages before it landed");
    }

    @Test
    void nextLinkToAnotherHostIsRefusedAndTheTokenNeverReachesIt() throws Exception {
        List<String> foreignRequests = new CopyOnWriteArrayList<>();
        HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext("/", exchange -> {
            foreignRequests.add(exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        foreign.start();
        try {
            String foreignUrl =
                    "http://127.0.0.1:" + foreign.getAddress().getPort() + "/api/v1/customers?page%5Bcursor%5D=x";
            simulator.faults().setForeignNextPage(0).setForeignNextUrl(foreignUrl);

            Sweep sweep = Sweep.run(producer);

            assertTrue(sweep.progress().failed());
            List<ConsumerRecord<String, String>> dead = sweep.on(DEAD_LETTER);
            assertEquals(1, dead.size());
            JsonNode envelope = mapper.readTree(dead.get(0).value());
            assertEquals("follow-next-link", envelope.get("stage").asText());
            assertEquals(foreignUrl, envelope.get("refused_url").asText());
            assertEquals(50, sweep.on(CUSTOMERS).size(), "the first page's customers still landed");
            assertEquals(List.of(), foreignRequests, "no request reached the foreign host");
        } finally {
            foreign.stop(0);
        }
    }

    @Test
    void brokenBodyIsFetchedAgainBeforeItIsDeadLettered() throws Exception {
        simulator.faults().setMalformedRate(1.0);
        long before = simulator.requestsServed();

        Sweep sweep = Sweep.run(producer);

        assertTrue(sweep.progress().failed());
        JsonNode envelope = mapper.readTree(sweep.on(DEAD_LETTER).get(0).value());
        assertEquals(
                5, simulator.requestsServed() - before, "the first try and rci.api.max-retries (4) more: " + envelope);
        assertEquals(5, envelope.get("attempts").asInt(), envelope.toString());
        assertEquals("read-page", envelope.get("stage").asText());
    }

    @Test
    void envelopeExcerptIsBounded() throws IOException {
        simulator.faults().setMalformedRate(1.0);
        simulator.setPageSize(200);
        Sweep sweep = Sweep.run(producer);
        JsonNode envelope = mapper.readTree(sweep.on(DEAD_LETTER).get(0).value());
        String excerpt = envelope.get("body_excerpt").asText();
        assertEquals(1025, excerpt.length(), "1,024 characters of a much longer body, and an ellipsis");
        assertTrue(excerpt.endsWith("…"));
        assertTrue(
                excerpt.contains(
                        "\"type\":\"customer\",\"id\":\"" + simulator.ids().get(0) + "\""),
                excerpt);
        for (String id : simulator.ids()) {
            var email = simulator.attributes(id).get("email");
            assertFalse(email.isTextual() && excerpt.contains(email.asText()), "an email in the excerpt: " + excerpt);
        }
    }
}

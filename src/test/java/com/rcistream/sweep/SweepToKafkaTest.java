package com.rcistream.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.simulator.Simulator;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.TopicReader;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaAndHttpPorts.class)
class SweepToKafkaTest {

    static final String CUSTOMERS = "rci.customers";
    static final String DEAD_LETTER = "rci.customers.dlq";
    static final String TOKEN = "test-token-7f3c9a1e";

    @Inject
    ProducerTemplate producer;
    @Inject
    Simulator simulator;
    @Inject
    ObjectMapper mapper;

    @AfterEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void sweepOfThousandCustomersPutsEachOnceOnCustomersTopicExactlyAsServed() throws Exception {
        simulator.setCustomers(1000);
        simulator.setPageSize(100);
        Map<Integer, Long> before = TopicReader.endOffsets(CUSTOMERS);

        SweepProgress sweep = producer.requestBody("direct:sweep", null, SweepProgress.class);

        assertFalse(sweep.failed(), sweep.summary());
        assertTrue(sweep.pages() >= 10, "at least 10 pages: " + sweep.summary());
        List<ConsumerRecord<String, String>> landed = TopicReader.readFrom(CUSTOMERS, before);
        assertEquals(1000, landed.size(), "one record per customer");
        Map<String, String> byKey = new HashMap<>();
        landed.forEach(r -> byKey.put(r.key(), r.value()));
        assertEquals(1000, byKey.size(), "1,000 distinct keys");
        assertEquals(simulator.ids().size(), byKey.size());
        for (String id : simulator.ids()) {
            if (simulator.isRedacted(id)) {
                assertEquals(null, byKey.get(id), "a redacted customer is a tombstone: " + id);
                continue;
            }
            JsonNode value = mapper.readTree(byKey.get(id));
            ObjectNode expected = mapper.createObjectNode().put("id", id);
            expected.setAll(simulator.attributes(id));
            assertEquals(expected, value, "customer " + id);
            assertTrue(value.get("id").isTextual());
        }
        assertEquals(1000L, sweep.publishedPerTopic().get(CUSTOMERS));
    }

    @Test
    void wrongTokenGivesOneDeadLetterNaming401AndNoCustomersAndNeverShowsTheToken() {
        simulator.setToken("rotated-token-after-revocation");
        Map<Integer, Long> customersBefore = TopicReader.endOffsets(CUSTOMERS);
        Map<Integer, Long> deadBefore = TopicReader.endOffsets(DEAD_LETTER);

        SweepProgress sweep;
        List<String> logs;
        try (LogCapture capture = LogCapture.start()) {
            sweep = producer.requestBody("direct:sweep", null, SweepProgress.class);
            logs = capture.lines();
        }

        assertTrue(sweep.failed());
        assertEquals(customersBefore, TopicReader.endOffsets(CUSTOMERS), "no customer published");
        List<ConsumerRecord<String, String>> dead = TopicReader.readFrom(DEAD_LETTER, deadBefore);
        assertEquals(1, dead.size(), "exactly one dead-letter event");
        ConsumerRecord<String, String> event = dead.get(0);
        assertTrue(event.value().contains("\"http_status\":401"), event.value());
        assertTrue(event.value().contains("/api/v1/customers"), "names the URL: " + event.value());
        assertEquals("401", new String(event.headers().lastHeader("rci_http_status").value()));

        assertFalse(event.value().contains(TOKEN), "token in the dead-letter value");
        assertFalse(event.key() != null && event.key().contains(TOKEN), "token in the dead-letter key");
        for (Header header : event.headers()) {
            assertFalse(new String(header.value()).contains(TOKEN), "token in header " + header.key());
        }
        assertFalse(logs.isEmpty(), "the sweep logged something");
        logs.forEach(line -> assertFalse(line.contains(TOKEN), "token in a log line: " + line));
    }
}

package com.rcistream.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.TopicReader;

@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class SweepToKafkaTest extends SimulatedApiTestBase {

    static final String CUSTOMERS = "rci.customers";

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
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        assertTrue(
                metrics.contains("rci_published_total{topic=\"rci.customers\"}"), "published per topic on /q/metrics");
        assertTrue(metrics.contains("rci_sweep_duration_seconds_count{outcome=\"finished\"}"), "sweeps on /q/metrics");
    }
}

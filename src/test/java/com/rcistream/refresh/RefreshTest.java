package com.rcistream.refresh;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.REFRESH;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.simulator.Simulator;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class RefreshTest {

    @Inject
    Simulator simulator;

    @Inject
    ObjectMapper mapper;

    @Test
    void knownIdOnTheRequestTopicIsFetchedAndPublishedThroughTheFanOut() throws Exception {
        String id = simulator.ids().stream()
                .filter(i -> !simulator.isRedacted(i))
                .skip(7)
                .findFirst()
                .orElseThrow();
        Map<Integer, Long> before = TopicReader.endOffsets(CUSTOMERS);

        TopicWriter.send(REFRESH, null, id);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !TopicReader.readFrom(CUSTOMERS, before).isEmpty());
        // and nothing more after a quiet period: a request handled twice (not committed, fetched again) shows here
        List<ConsumerRecord<String, String>> landed = await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> TopicReader.readFrom(CUSTOMERS, before), records -> records.size() == 1);
        assertEquals(1, landed.size());
        assertEquals(id, landed.get(0).key());
        ObjectNode expected = mapper.createObjectNode().put("id", id);
        expected.setAll(simulator.attributes(id));
        assertEquals(expected, mapper.readTree(landed.get(0).value()));
    }

    @Test
    void unknownIdBecomesANotFoundDeadLetter() throws Exception {
        Map<Integer, Long> before = TopicReader.endOffsets(DEAD_LETTER);

        TopicWriter.send(REFRESH, "42", "42");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !TopicReader.readFrom(DEAD_LETTER, before).isEmpty());
        List<ConsumerRecord<String, String>> dead = await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> TopicReader.readFrom(DEAD_LETTER, before), records -> records.size() == 1);
        assertEquals(1, dead.size());
        JsonNode envelope = mapper.readTree(dead.get(0).value());
        assertEquals(404, envelope.get("http_status").asInt());
        assertEquals("42", envelope.get("record_id").asText());
        assertEquals("42", dead.get(0).key());
        assertEquals(true, envelope.get("reason").asText().startsWith("not found"), envelope.toString());
    }
}

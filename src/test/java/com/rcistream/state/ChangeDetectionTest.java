package com.rcistream.state;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.testing.EmitChangesProfile;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * rci.emit=changes, the default: only new or changed customers are published, across restarts too (200 customers,
 * on the application UnattendedSweepTest uses).
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(EmitChangesProfile.class)
class ChangeDetectionTest extends SimulatedApiTestBase {

    private static final String HASHED_EMAIL = "rci.customers.hashed-email";
    private static final String FINGERPRINTS = "rci.customers.fingerprints";

    @Inject
    FingerprintStore fingerprints;

    @Test
    void unchangedCustomersAreNotPublishedAgainAndExactlyTheChangedOnesAreAlsoAfterARestart() throws Exception {
        Sweep.run(producer);

        Sweep unchanged = Sweep.run(producer);
        assertFalse(unchanged.progress().failed(), unchanged.progress().summary());
        assertEquals(List.of(), unchanged.on(CUSTOMERS), "a second sweep of unchanged data publishes no customer");
        assertEquals(200, unchanged.progress().unchangedCount());

        List<String> changed = simulator.mutate(7);
        Sweep afterChange = Sweep.run(producer);
        assertEquals(Set.copyOf(changed), keys(afterChange.on(CUSTOMERS)), "exactly the changed customers");
        assertEquals(7, afterChange.on(CUSTOMERS).size());
        for (ConsumerRecord<String, String> r : afterChange.on(CUSTOMERS)) {
            assertEquals(
                    simulator.attributes(r.key()).get("updated_at"),
                    mapper.readTree(r.value()).get("updated_at"));
        }

        fingerprints.reload();
        assertEquals(0, fingerprints.size(), "memory forgotten, as after a restart");
        Sweep afterRestartUnchanged = Sweep.run(producer);
        assertEquals(List.of(), afterRestartUnchanged.on(CUSTOMERS), "the fingerprints came back from Kafka");
        List<String> changedAgain = simulator.mutate(3);
        fingerprints.reload();
        Sweep afterRestart = Sweep.run(producer);
        assertEquals(Set.copyOf(changedAgain), keys(afterRestart.on(CUSTOMERS)));
    }

    @Test
    void aRuleThatKeysItsRecordsByHashedEmailLeavesTheFingerprintsKeyedByIdAndNothingIsPublishedAgain() {
        Sweep.run(producer);
        Map<String, Map<Integer, Long>> before = TopicReader.endOffsets(List.of(HASHED_EMAIL, FINGERPRINTS));
        List<String> changed = simulator.mutate(20);
        Sweep.run(producer);
        Map<String, List<ConsumerRecord<String, String>>> landed = TopicReader.readFrom(before);

        Set<String> ids = Set.copyOf(simulator.ids());
        Set<String> ruleKeys = keys(landed.getOrDefault(HASHED_EMAIL, List.of()).stream()
                .filter(r -> r.value() != null)
                .toList());
        assertEquals(changed.size(), ruleKeys.size(), "the rule published each changed customer");
        assertFalse(ruleKeys.stream().anyMatch(ids::contains), "the rule keyed by hashed email: " + ruleKeys);
        assertEquals(Set.copyOf(changed), keys(landed.get(FINGERPRINTS)), "fingerprints keyed by the customers' ids");
        Sweep unchanged = Sweep.run(producer);
        assertEquals(List.of(), unchanged.on(CUSTOMERS), "a customer published again with nothing changed");
    }

    @Test
    void expiredCursorInTheCheckpointIsClearedAndTheNextSweepStartsFromTheFirstPage() throws Exception {
        simulator.faults().setNotJsonApiPage(3);
        // every customer changes, so that each one must be published by one of the sweeps below
        List<String> changed = simulator.mutate((int)
                simulator.ids().stream().filter(id -> !simulator.isRedacted(id)).count());
        Sweep stopped = Sweep.run(producer);
        assertTrue(stopped.progress().failed());
        assertTrue(checkpoints.load("") != null, "the stopped sweep left a checkpoint");
        simulator.faults().clear();
        simulator.expireCursors();
        Sweep rejected = Sweep.run(producer);
        assertTrue(rejected.progress().failed());
        assertEquals(1, rejected.on(DEAD_LETTER).size());
        assertEquals(
                422,
                mapper.readTree(rejected.on(DEAD_LETTER).get(0).value())
                        .get("http_status")
                        .asInt());
        assertEquals(null, checkpoints.load(""), "the rejected cursor was cleared");

        fingerprints.reload();
        Sweep fromStart = Sweep.run(producer);
        assertFalse(fromStart.progress().failed(), fromStart.progress().summary());
        assertEquals(10, fromStart.progress().pages(), "started from the first page");
        // what Kafka holds now for each customer (the latest record per key) is exactly what the API serves now
        Map<String, String> latest = new java.util.HashMap<>();
        TopicReader.readAll(CUSTOMERS).forEach(r -> latest.put(r.key(), r.value()));
        for (String id : changed) {
            com.fasterxml.jackson.databind.node.ObjectNode expected =
                    mapper.createObjectNode().put("id", id);
            expected.setAll(simulator.attributes(id));
            assertEquals(expected, mapper.readTree(latest.get(id)), "customer " + id + " as served now");
        }
    }

    @Test
    void fingerprintThatDoesNotParseIsSkippedWithOneWarningAndTheSweepRuns() {
        Sweep.run(producer);
        String poisoned = simulator.ids().stream()
                .filter(id -> !simulator.isRedacted(id))
                .findFirst()
                .orElseThrow();
        // what a stray kcat -P leaves on the topic
        TopicWriter.send("rci.customers.fingerprints", poisoned, "not a fingerprint");
        TopicWriter.send("rci.customers.fingerprints", "stray-key", "{\"oops\":true}");
        fingerprints.reload();

        List<String> warnings;
        Sweep sweep;
        try (LogCapture capture = LogCapture.start()) {
            sweep = Sweep.run(producer);
            warnings = capture.lines().stream()
                    .filter(line -> line.contains("not a fingerprint of up to 16 hex digits"))
                    .toList();
        }

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        assertEquals(1, warnings.size(), "one warning: " + warnings);
        assertTrue(warnings.get(0).contains("skipped 2 value(s)"), warnings.get(0));
        assertEquals(
                Set.of(poisoned), keys(sweep.on(CUSTOMERS)), "the customer whose fingerprint was unreadable, again");
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }
}

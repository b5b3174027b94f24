package com.rcistream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.accounts.Shards;
import com.rcistream.config.KafkaClientConfig;
import com.rcistream.config.RciConfig;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.testing.EmbeddedKafka;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.Settings;
import com.rcistream.testing.TopicWriter;

/**
 * The fingerprints a sweep starts with, read from the compacted topic on a real broker: the whole topic once, then
 * only what was written since, and the whole topic again whenever a catch-up could miss a record.
 */
class FingerprintCatchUpIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static EmbeddedKafka kafka = new EmbeddedKafka();

    int topics;

    @Test
    void aReadFromWhereTheLastEndedHandsOverOnlyTheRecordsWrittenSince() throws Exception {
        String topic = topic();
        send(topic, "c-1", "a1", "c-2", "a2");
        CompactedTopicReader reader = reader();

        CompactedTopicReader.Read all = reader.readAll(topic, (k, v) -> {}, TIMEOUT);
        assertEquals(2, all.records());
        assertEquals(Map.of(new TopicPartition(topic, 0), 2L), all.endOffsets());

        send(topic, "c-3", "a3", "c-1", null);
        List<String> seen = new ArrayList<>();
        CompactedTopicReader.Read since =
                reader.readFrom(topic, all.endOffsets(), (k, v) -> seen.add(k + "=" + v), TIMEOUT);
        assertEquals(List.of("c-3=a3", "c-1=null"), seen, "only the records after the offsets read to, tombstone too");
        assertEquals(Map.of(new TopicPartition(topic, 0), 4L), since.endOffsets());

        assertEquals(
                0,
                reader.readFrom(topic, since.endOffsets(), (k, v) -> {}, TIMEOUT)
                        .records());
    }

    @Test
    void aReadFromOffsetsTheTopicNoLongerHoldsReadsNothingAndSaysSo() throws Exception {
        String topic = topic();
        send(topic, "c-1", "a1");
        CompactedTopicReader reader = reader();
        CompactedTopicReader.Read first = reader.readAll(topic, (k, v) -> {}, TIMEOUT);
        send(topic, "c-2", "a2", "c-3", "a3");
        deleteBefore(topic, 2);
        List<String> seen = new ArrayList<>();

        assertNull(reader.readFrom(topic, first.endOffsets(), (k, v) -> seen.add(k), TIMEOUT), "c-2 is gone");
        assertEquals(List.of(), seen);
        assertNull(
                reader.readFrom(topic, Map.of(new TopicPartition(topic, 0), 9L), (k, v) -> seen.add(k), TIMEOUT),
                "past the end: the topic was created anew");
        assertNull(
                reader.readFrom(topic, Map.of(new TopicPartition(topic, 1), 0L), (k, v) -> seen.add(k), TIMEOUT),
                "a partition the topic does not have");
        assertEquals(List.of(), seen);
    }

    @Test
    void aPodCatchesUpWithTheFingerprintsAnotherLeaderWroteAndForgetsTheOnesItErased() throws Exception {
        String topic = topic();
        send(topic, "c-1", FingerprintStore.hex(11), "c-2", FingerprintStore.hex(12));
        FingerprintStore store = store(topic, "7d");
        store.catchUp();
        assertEquals(2, store.size());

        // meanwhile another leader publishes a new customer and erases one
        send(topic, "c-3", FingerprintStore.hex(13), "c-1", null);
        try (LogCapture log = LogCapture.start()) {
            store.catchUp();
            assertEquals(2, store.size(), "c-3 known, c-1 forgotten");
            assertTrue(
                    log.lines().stream()
                            .anyMatch(line ->
                                    line.contains("caught up with " + topic + ": 2 records since the last read")),
                    log.lines().toString());
        }
    }

    @Test
    void aPodReadsOnlyThePartitionsOfTheShardsItLeadsAndAShardItTakesFromItsBeginning() throws Exception {
        String topic = topic(4);
        RciConfig config = Settings.rci(Settings.with(
                "rci.topic.fingerprints", topic,
                "rci.accounts.token-dir", "/nonexistent",
                "rci.leader-election.enabled", "true",
                "rci.leader-election.shards", "4"));
        Shards shards = new Shards(config);
        String first = accountOfShard(shards, 1);
        String second = accountOfShard(shards, 2);
        FingerprintStore store =
                new FingerprintStore(config, reader(), new StatePartitions(shards), new ObjectMapper(), null);
        // another pod's records: the fingerprint route puts each in the partition its account's shard maps to
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ExchangeProperties.ACCOUNT, second);
        exchange.setProperty(ExchangeProperties.FINGERPRINT, 12L);
        exchange.getMessage().setHeader(KafkaConstants.KEY, second + ":c-2");
        store.toRecord(exchange);
        assertEquals(2, exchange.getMessage().getHeader(KafkaConstants.PARTITION_KEY), "shard 2 of 4: partition 2");
        send(topic, 1, first + ":c-1", FingerprintStore.hex(11));
        send(topic, 2, second + ":c-2", FingerprintStore.hex(12));
        send(topic, 2, second + ":c-3", FingerprintStore.hex(13));

        shards.ledBy(shard -> shard == 1);
        store.catchUp();
        assertEquals(1, store.size(), "only shard 1's partition read");

        shards.ledBy(shard -> shard == 1 || shard == 2);
        store.catchUp();
        assertEquals(3, store.size(), "shard 2 taken over: its partition read from its beginning");
    }

    /** An account id in the given shard. */
    private static String accountOfShard(Shards shards, int shard) {
        for (int i = 0; ; i++) {
            if (shards.of("store-" + i) == shard) {
                return "store-" + i;
            }
        }
    }

    /** One record into one partition. */
    private static void send(String topic, int partition, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCatchUpThatCouldMissARecordReadsTheTopicWholeInstead() throws Exception {
        String topic = topic();
        // records up to exactly where the pod read to are deleted: nothing after it is missed, the catch-up is right
        FingerprintStore store = readThenDeletedUpToThere(topic, "7d");
        store.catchUp();
        assertEquals(2, store.size(), "c-1 from memory, c-2 caught up");

        // records past it are deleted (c-3's, which a catch-up would never see): read whole, c-1 and c-2 gone with them
        send(topic, "c-3", FingerprintStore.hex(13), "c-4", FingerprintStore.hex(14));
        deleteBefore(topic, 3);
        store.catchUp();
        assertEquals(1, store.size(), "only c-4 is left on the topic");
    }

    @Test
    void aCatchUpLongerAfterTheLastReadThanTombstonesAreKeptReadsTheTopicWhole() throws Exception {
        // the deletion and the send take longer than rci.topic.tombstone-retention, 1 ms here
        FingerprintStore store = readThenDeletedUpToThere(topic(), "1ms");

        try (LogCapture log = LogCapture.start()) {
            store.catchUp();
            assertEquals(1, store.size(), "what the topic holds now, not what memory had: c-1 is gone");
            assertTrue(
                    log.lines().stream().anyMatch(line -> line.contains("rci.topic.tombstone-retention")),
                    log.lines().toString());
        }
    }

    /**
     * A store that read c-1 from the topic, which has since lost every record up to where the store read to and got
     * c-2.
     */
    private static FingerprintStore readThenDeletedUpToThere(String topic, String tombstoneRetention) throws Exception {
        send(topic, "c-1", FingerprintStore.hex(11));
        FingerprintStore store = store(topic, tombstoneRetention);
        store.catchUp();
        deleteBefore(topic, 1);
        send(topic, "c-2", FingerprintStore.hex(12));
        return store;
    }

    /** A fresh topic, compacted and (as an integrator may configure it) with deletion too, so records can go. */
    private String topic() throws Exception {
        return topic(1);
    }

    private String topic(int partitions) throws Exception {
        String name = "fingerprints-" + ++topics + "-" + System.nanoTime();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact,delete"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static void deleteBefore(String topic, long offset) throws Exception {
        try (Admin admin = admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(offset)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Keys and values, in turn (a null value is a tombstone), by one producer. */
    private static void send(String topic, String... keysAndValues) {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.add(keysAndValues[i]);
            values.add(keysAndValues[i + 1]);
        }
        TopicWriter.sendValues(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), topic, keys, values);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static CompactedTopicReader reader() {
        return new CompactedTopicReader(new KafkaClientConfig(Map.of("bootstrap.servers", kafka.bootstrapServers())));
    }

    private static FingerprintStore store(String topic, String tombstoneRetention) {
        RciConfig config = Settings.rci(
                Settings.with("rci.topic.fingerprints", topic, "rci.topic.tombstone-retention", tombstoneRetention));
        return new FingerprintStore(
                config, reader(), new StatePartitions(new Shards(config)), new ObjectMapper(), null);
    }
}

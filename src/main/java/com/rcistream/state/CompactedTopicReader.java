package com.rcistream.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.rcistream.config.KafkaClientConfig;

/**
 * Reads a compacted state topic, from its beginning or from where an earlier read ended, to the end offsets it had
 * when the read began. Written by hand because Camel's Kafka consumer is a continuous subscription with a consumer
 * group, not "read it all now and stop"; this one assigns partitions directly and commits nothing.
 */
@ApplicationScoped
public class CompactedTopicReader {

    /**
     * What a read covered: the offset it read each partition to (the next one to read), the records handed over, and
     * how many partitions the topic has.
     */
    public record Read(Map<TopicPartition, Long> endOffsets, long records, int partitions) {}

    private final KafkaClientConfig kafka;

    public CompactedTopicReader(KafkaClientConfig kafka) {
        this.kafka = kafka;
    }

    /** The topic's partitions, as the broker says. */
    public int partitionCount(String topic, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.partitionsFor(topic, timeout).size();
        }
    }

    /** Hands every record (key, value; a null value is a tombstone) to the consumer, in offset order per partition. */
    public Read readAll(String topic, BiConsumer<String, String> records, Duration timeout) {
        return readFrom(topic, Map.of(), records, timeout);
    }

    /**
     * Hands over the records from the offsets {@code from} on (a partition it does not name, from its beginning), as
     * {@link #readAll} does. Returns null, having handed over nothing, when the topic may no longer hold every record
     * from there on: records deleted before them (the log start moved past them), or a topic deleted and created again
     * (fewer partitions, or an end before them); only a read from the beginning is then complete.
     */
    public Read readFrom(
            String topic, Map<TopicPartition, Long> from, BiConsumer<String, String> records, Duration timeout) {
        return readFrom(topic, from, (partition, partitions) -> true, records, timeout);
    }

    /** Which partitions of a topic of {@code partitions} partitions a read takes. */
    @FunctionalInterface
    public interface Wanted {
        boolean test(int partition, int partitions);
    }

    /**
     * As {@link #readFrom(String, Map, BiConsumer, Duration)}, of the partitions {@code wanted} only (those of the
     * shards this pod leads); the offsets it returns are those of the partitions read.
     */
    public Read readFrom(
            String topic,
            Map<TopicPartition, Long> from,
            Wanted wanted,
            BiConsumer<String, String> records,
            Duration timeout) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> all = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (!all.containsAll(from.keySet())) {
                return null;
            }
            List<TopicPartition> partitions = all.stream()
                    .filter(tp -> wanted.test(tp.partition(), all.size()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            for (TopicPartition tp : partitions) {
                Long at = from.get(tp);
                if (at != null && (at < begin.get(tp) || at > end.get(tp))) {
                    return null;
                }
                consumer.seek(tp, at == null ? begin.get(tp) : at);
            }
            long handed = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.accept(r.key(), r.value());
                        handed++;
                    }
                }
            }
            return new Read(Map.copyOf(end), handed, all.size());
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.putAll(kafka.settings(Map.of()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rci-stream-state-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // a state topic must come from TopicSetup (compacted), never from a reader's auto-creation
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }
}

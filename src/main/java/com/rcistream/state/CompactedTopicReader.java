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
 * Reads a compacted state topic once, from its beginning to the end offsets it had when the read began. Written
 * by hand because Camel's Kafka consumer is a continuous subscription with a consumer group, not "read it all
 * now and stop"; this one assigns partitions directly and commits nothing.
 */
@ApplicationScoped
public class CompactedTopicReader {

    private final KafkaClientConfig kafka;

    public CompactedTopicReader(KafkaClientConfig kafka) {
        this.kafka = kafka;
    }

    /** Hands every record (key, value; a null value is a tombstone) to the consumer, in offset order per partition. */
    public void readAll(String topic, BiConsumer<String, String> records, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka.settings(Map.of()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rci-stream-state-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // a state topic must come from TopicSetup (compacted), never from a reader's auto-creation
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.accept(r.key(), r.value());
                    }
                });
            }
        }
    }
}

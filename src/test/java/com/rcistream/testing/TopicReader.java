package com.rcistream.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what landed in a topic, from its beginning up to its end offsets at the time of the call, with a plain Kafka consumer. */
public final class TopicReader {

    private TopicReader() {}

    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        return readFrom(topic, Map.of());
    }

    /** Every record of the topic on the given broker (empty when the topic does not exist yet). */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /** Every record of the topic, read by a client with the given settings (a secured broker's login, say). */
    public static List<ConsumerRecord<String, String>> readAll(Map<String, Object> client, String topic) {
        return read(client, topic, Map.of());
    }

    /**
     * Records from the given offsets per partition (absent partitions from the beginning) up to the current end (empty
     * when the topic does not exist yet).
     */
    public static List<ConsumerRecord<String, String>> readFrom(String topic, Map<Integer, Long> startOffsets) {
        return read(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()),
                topic,
                startOffsets);
    }

    private static List<ConsumerRecord<String, String>> read(
            Map<String, Object> client, String topic, Map<Integer, Long> startOffsets) {
        return read(client, Map.of(topic, startOffsets)).get(topic);
    }

    /**
     * Records of several topics, each from the given offsets per partition (absent partitions from the beginning) up
     * to its current end, read by one consumer; a topic that does not exist maps to an empty list.
     */
    public static Map<String, List<ConsumerRecord<String, String>>> readFrom(
            Map<String, Map<Integer, Long>> startOffsets) {
        return read(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()), startOffsets);
    }

    private static Map<String, List<ConsumerRecord<String, String>>> read(
            Map<String, Object> client, Map<String, Map<Integer, Long>> startOffsets) {
        try (KafkaConsumer<String, String> consumer = consumer(client)) {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(10));
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<ConsumerRecord<String, String>>> out = new LinkedHashMap<>();
            startOffsets.keySet().forEach(topic -> {
                out.put(topic, new ArrayList<>());
                existing.getOrDefault(topic, List.of())
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            });
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, startOffsets.get(tp.topic()).getOrDefault(tp.partition(), 0L));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + startOffsets.keySet() + " up to their end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.get(r.topic()).add(r);
                    }
                });
            }
            return out;
        }
    }

    /** The end offset of every partition of the topic (empty when the topic does not exist yet). */
    public static Map<Integer, Long> endOffsets(String topic) {
        return endOffsets(List.of(topic)).get(topic);
    }

    /** The end offset of every partition of each topic, asked by one consumer (empty for a topic not there yet). */
    public static Map<String, Map<Integer, Long>> endOffsets(List<String> topics) {
        try (KafkaConsumer<String, String> consumer =
                consumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()))) {
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(10));
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> existing.getOrDefault(topic, List.of()).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
            topics.forEach(topic -> out.put(topic, new HashMap<>()));
            consumer.endOffsets(partitions)
                    .forEach((tp, offset) -> out.get(tp.topic()).put(tp.partition(), offset));
            return out;
        }
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        Properties props = new Properties();
        // the broker holds a fetch for a caught-up partition up to this long (500 ms by default) before it answers:
        // half a second a read, for every sweep a test runs; a read still goes on to the end offsets it asked for
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props);
    }
}

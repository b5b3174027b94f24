package com.rcistream.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what landed in a topic, from its beginning up to its end offsets at the time of the call, with a plain Kafka consumer. */
public final class TopicReader {

    private TopicReader() {
    }

    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        return readFrom(topic, Map.of());
    }

    /** Every record of the topic on the given broker (empty when the topic does not exist yet). */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /** Every record of the topic, read by a client with the given settings (a secured broker's login, say). */
    public static List<ConsumerRecord<String, String>> readAll(Map<String, Object> client, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(client)) {
            if (!consumer.listTopics(Duration.ofSeconds(10)).containsKey(topic)) {
                return List.of();
            }
        }
        return read(client, topic, Map.of());
    }

    /** Records from the given offsets per partition (absent partitions from the beginning) up to the current end. */
    public static List<ConsumerRecord<String, String>> readFrom(String topic, Map<Integer, Long> startOffsets) {
        return read(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()), topic,
                startOffsets);
    }

    private static List<ConsumerRecord<String, String>> read(Map<String, Object> client, String topic,
            Map<Integer, Long> startOffsets) {
        try (KafkaConsumer<String, String> consumer = consumer(client)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, startOffsets.getOrDefault(tp.partition(), 0L));
            }
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                });
            }
            return out;
        }
    }

    /** The end offset of every partition of the topic (empty when the topic does not exist yet). */
    public static Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()))) {
            var infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos == null) {
                return Map.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            return consumer.endOffsets(partitions).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
        }
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props);
    }
}

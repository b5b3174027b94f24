package com.rcistream.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends records with a plain Kafka producer, as a client of the bundle would. */
public final class TopicWriter {

    private TopicWriter() {}

    public static void send(String topic, String key, String value) {
        sendValues(topic, Arrays.asList(key), Arrays.asList(value));
    }

    /** Sends with a client of the given settings (a secured broker's login, say). */
    public static void send(Map<String, Object> client, String topic, String key, String value) {
        sendValues(client, topic, Arrays.asList(key), Arrays.asList(value));
    }

    /** Sends one record per value, in order, keyed by the key at the same index (keys null: no key); waits for every ack. */
    public static void sendValues(String topic, List<String> keys, List<String> values) {
        sendValues(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()),
                topic,
                keys,
                values);
    }

    /** The same, with a client of the given settings. */
    public static void sendValues(Map<String, Object> client, String topic, List<String> keys, List<String> values) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, keys == null ? null : keys.get(i), values.get(i))));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("could not send to " + topic, e);
        }
    }
}

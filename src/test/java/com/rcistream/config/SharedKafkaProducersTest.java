package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** Endpoints with the same settings share one producer, which closes with the last of them, and only then. */
class SharedKafkaProducersTest {

    /** Kafka's own stand-in producer, one per call, so that the test sees which one an endpoint got. */
    private static final class Opened implements KafkaClientFactory {
        final List<MockProducer<Object, Object>> producers = new ArrayList<>();
        final List<Properties> settings = new ArrayList<>();

        @Override
        public Producer getProducer(Properties kafkaProps) {
            Serializer<Object> text = (topic, data) -> String.valueOf(data).getBytes(StandardCharsets.UTF_8);
            MockProducer<Object, Object> producer = new MockProducer<>(true, null, text, text);
            producers.add(producer);
            settings.add(kafkaProps);
            return producer;
        }

        @Override
        public Consumer getConsumer(Properties kafkaProps) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getBrokers(KafkaConfiguration configuration) {
            return "broker:9092";
        }
    }

    private final Opened opened = new Opened();
    private final Map<String, Integer> maxMessageBytes = new HashMap<>();
    private final SharedKafkaProducers shared = new SharedKafkaProducers(opened, maxMessageBytes::get);

    @Test
    void aTopicThatTakesSmallerBatchesThanTheProducerMakesGetsAProducerWhoseBatchesFit() {
        Properties settings = settings("all");
        settings.put("batch.size", "262144");
        maxMessageBytes.put("rci.customers", 1_048_588);
        maxMessageBytes.put("rci.customers.sms-marketing", 200);
        Producer<Object, Object> producer = shared.getProducer(settings);
        producer.send(new ProducerRecord<>("rci.customers", "a", "{}"));
        producer.send(new ProducerRecord<>("rci.customers.email-marketing", "a", "{}"));
        producer.send(new ProducerRecord<>("rci.customers.sms-marketing", "a", "{}"));
        producer.send(new ProducerRecord<>("rci.customers.sms-marketing", "b", "{}"));

        assertEquals(2, opened.producers.size(), "one more producer, for the topic with the small limit");
        assertEquals(2, opened.producers.get(0).history().size(), "the topics a 256 KiB batch fits");
        assertEquals(2, opened.producers.get(1).history().size(), "the topic it does not");
        assertEquals("200", opened.settings.get(1).get("batch.size"), "batches no larger than the topic takes");
        assertEquals("all", opened.settings.get(1).get("acks"), "the shared producer's settings otherwise");
        producer.close();
        assertTrue(
                opened.producers.get(0).closed() && opened.producers.get(1).closed(),
                "both closed with the last handle");
    }

    @Test
    @SuppressWarnings("unchecked")
    void endpointsWithTheSameSettingsShareOneProducerThatClosesWithTheLast() {
        Producer<Object, Object> customers = shared.getProducer(settings("all"));
        Producer<Object, Object> email = shared.getProducer(settings("all"));
        customers.send(new ProducerRecord<>("rci.customers", "a", "{}"));
        email.send(new ProducerRecord<>("rci.customers.email-marketing", "a", "{}"));

        assertEquals(1, opened.producers.size(), "one producer for both endpoints");
        MockProducer<Object, Object> producer = opened.producers.get(0);
        assertEquals(2, producer.history().size(), "both endpoints' records went through it");

        customers.close();
        customers.close();
        assertFalse(producer.closed(), "still used by the other endpoint (a handle closed twice counts once)");
        email.close();
        assertTrue(producer.closed(), "closed with the last endpoint");

        shared.getProducer(settings("all"));
        assertEquals(2, opened.producers.size(), "an endpoint started again gets a fresh producer");
    }

    @Test
    void otherSettingsOrATransactionGetAProducerOfTheirOwn() {
        shared.getProducer(settings("all"));
        shared.getProducer(settings("1"));
        assertEquals(2, opened.producers.size(), "other settings, another producer");

        Properties transactional = settings("all");
        transactional.put("transactional.id", "tx-1");
        Producer<?, ?> own = shared.getProducer(transactional);
        assertSame(opened.producers.get(2), own, "a transactional endpoint gets its producer itself, unshared");
    }

    private static Properties settings(String acks) {
        Properties props = new Properties();
        props.put("bootstrap.servers", "broker:9092");
        props.put("acks", acks);
        return props;
    }
}

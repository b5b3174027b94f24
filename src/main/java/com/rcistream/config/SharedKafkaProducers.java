package com.rcistream.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * One Kafka producer for every Camel Kafka endpoint with the same settings (all of the bundle's, unless a route sets
 * its own options), as Kafka recommends: Camel opens a producer per endpoint, and the bundle has a dozen endpoints
 * (each topic, rules' topics, and those the page publisher sends through), each producer with its own connections
 * to every broker (TLS handshakes and logins included) and its own network thread. Each endpoint gets a handle; the
 * producer closes with the last handle. Written by hand because Camel's Kafka component has no such option.
 * <p>
 * A topic whose max.message.bytes is below the producer's batch.size gets a producer of its own with batch.size
 * lowered to it: Kafka's producer splits a batch the broker refused as too large into batches of batch.size, which
 * hold the same records again, and retries them without counting an attempt, so above a topic's limit it would
 * split and retry until delivery.timeout.ms (logging each time) and no record alone too large would ever be told.
 * Kafka has no per-topic batch.size.
 */
final class SharedKafkaProducers implements KafkaClientFactory {

    /** Kafka's batch.size when none is set. */
    private static final int KAFKA_DEFAULT_BATCH_SIZE = 16_384;

    private final KafkaClientFactory delegate;
    private final Function<String, Integer> maxMessageBytes;
    private final Map<Properties, Shared> producers = new HashMap<>();

    /** {@code maxMessageBytes}: a topic's max.message.bytes, or null while it is not known. */
    SharedKafkaProducers(KafkaClientFactory delegate, Function<String, Integer> maxMessageBytes) {
        this.delegate = delegate;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public synchronized Producer getProducer(Properties kafkaProps) {
        if (kafkaProps.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            // a transactional producer is its endpoint's own
            return delegate.getProducer(kafkaProps);
        }
        Properties key = (Properties) kafkaProps.clone();
        Shared shared = producers.get(key);
        if (shared == null) {
            shared = new Shared(key, delegate.getProducer(kafkaProps));
            producers.put(key, shared);
        }
        shared.handles++;
        return new Handle(shared);
    }

    @Override
    public Consumer getConsumer(Properties kafkaProps) {
        return delegate.getConsumer(kafkaProps);
    }

    @Override
    public String getBrokers(KafkaConfiguration configuration) {
        return delegate.getBrokers(configuration);
    }

    /** The last handle closes the producer (within the time the closing handle allows). */
    private synchronized void release(Shared shared, Duration timeout) {
        if (--shared.handles == 0) {
            producers.remove(shared.key);
            for (Producer<Object, Object> producer : shared.all()) {
                if (timeout == null) {
                    producer.close();
                } else {
                    producer.close(timeout);
                }
            }
        }
    }

    /** A producer with the shared one's settings but batch.size lowered to a topic's max.message.bytes. */
    @SuppressWarnings("unchecked")
    private synchronized Producer<Object, Object> smallerBatches(Shared shared, int batchSize) {
        return shared.smaller.computeIfAbsent(batchSize, size -> {
            Properties props = (Properties) shared.key.clone();
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(size));
            return delegate.getProducer(props);
        });
    }

    private final class Shared {
        final Properties key;
        final Producer<Object, Object> producer;
        final int batchSize;
        /** Producers for the topics whose max.message.bytes is below batchSize, by their batch.size. */
        final Map<Integer, Producer<Object, Object>> smaller = new ConcurrentHashMap<>();

        int handles;

        Shared(Properties key, Producer<Object, Object> producer) {
            this.key = key;
            this.producer = producer;
            Object size = key.get(ProducerConfig.BATCH_SIZE_CONFIG);
            this.batchSize = size == null ? KAFKA_DEFAULT_BATCH_SIZE : Integer.parseInt(size.toString());
        }

        /** The producer for a topic: the shared one, unless the topic takes smaller batches than it makes. */
        Producer<Object, Object> producerFor(String topic) {
            Integer limit = maxMessageBytes.apply(topic);
            if (limit == null || limit >= batchSize) {
                return producer;
            }
            Producer<Object, Object> smallerOne = smaller.get(limit);
            return smallerOne != null ? smallerOne : smallerBatches(this, Math.max(1, limit));
        }

        List<Producer<Object, Object>> all() {
            List<Producer<Object, Object>> all = new ArrayList<>(smaller.values());
            all.add(producer);
            return all;
        }
    }

    /** One endpoint's view of the shared producer: everything passes through, but closing releases only this handle. */
    private final class Handle implements Producer<Object, Object> {
        private final Shared shared;
        private final Producer<Object, Object> producer;
        private final AtomicBoolean closed = new AtomicBoolean();

        Handle(Shared shared) {
            this.shared = shared;
            this.producer = shared.producer;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<Object, Object> record) {
            return shared.producerFor(record.topic()).send(record);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
            return shared.producerFor(record.topic()).send(record, callback);
        }

        @Override
        public void flush() {
            shared.all().forEach(Producer::flush);
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return shared.producerFor(topic).partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return producer.metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return producer.clientInstanceId(timeout);
        }

        @Override
        public void registerMetricForSubscription(KafkaMetric metric) {
            producer.registerMetricForSubscription(metric);
        }

        @Override
        public void unregisterMetricFromSubscription(KafkaMetric metric) {
            producer.unregisterMetricFromSubscription(metric);
        }

        // Transactions belong to one producer's user: a transactional endpoint gets a producer of its own.
        @Override
        public void initTransactions() {
            throw notTransactional();
        }

        @Override
        public void beginTransaction() {
            throw notTransactional();
        }

        @Override
        public void sendOffsetsToTransaction(
                Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
            throw notTransactional();
        }

        @Override
        public void commitTransaction() {
            throw notTransactional();
        }

        @Override
        public void abortTransaction() {
            throw notTransactional();
        }

        private static UnsupportedOperationException notTransactional() {
            return new UnsupportedOperationException("a shared Kafka producer is not transactional");
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(shared, null);
            }
        }

        @Override
        public void close(Duration timeout) {
            if (closed.compareAndSet(false, true)) {
                release(shared, timeout);
            }
        }
    }
}

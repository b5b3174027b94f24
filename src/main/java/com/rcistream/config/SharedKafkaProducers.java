package com.rcistream.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

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
 */
final class SharedKafkaProducers implements KafkaClientFactory {

    private final KafkaClientFactory delegate;
    private final Map<Properties, Shared> producers = new HashMap<>();

    SharedKafkaProducers(KafkaClientFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    @SuppressWarnings({ "rawtypes", "unchecked" })
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
            if (timeout == null) {
                shared.producer.close();
            } else {
                shared.producer.close(timeout);
            }
        }
    }

    private static final class Shared {
        final Properties key;
        final Producer<Object, Object> producer;
        int handles;

        Shared(Properties key, Producer<Object, Object> producer) {
            this.key = key;
            this.producer = producer;
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
            return producer.send(record);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
            return producer.send(record, callback);
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return producer.partitionsFor(topic);
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
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                ConsumerGroupMetadata groupMetadata) {
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

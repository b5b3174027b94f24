package com.rcistream.config;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.quarkus.component.kafka.QuarkusKafkaClientFactory;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ImageMode;
import io.smallrye.common.annotation.Identifier;

import net.jpountz.lz4.LZ4Factory;

/**
 * One Kafka client configuration for every client the bundle opens: Kafka's own client properties under the
 * {@code kafka.} prefix ({@code kafka.bootstrap.servers}, {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config},
 * {@code kafka.ssl.truststore.location}...), each also settable from the environment ({@code KAFKA_SASL_JAAS_CONFIG}),
 * as Quarkus collects them. Camel's producers and consumers get them through the client factory produced here; the
 * admin client and the state readers through {@link #settings(Map)}.
 */
@ApplicationScoped
public class KafkaClientConfig {

    private final Map<String, Object> settings;
    private final Map<String, Integer> maxMessageBytes = new ConcurrentHashMap<>();

    public KafkaClientConfig(@Identifier("default-kafka-broker") Map<String, Object> settings) {
        Map<String, Object> copy = new HashMap<>(settings);
        // Quarkus adds the application's name as a consumer group; each client of the bundle names its own
        copy.remove("group.id");
        this.settings = Map.copyOf(copy);
    }

    /** The kafka.* settings, with a client's own ones (deserializers, timeouts, a client id) on top. */
    public Map<String, Object> settings(Map<String, Object> own) {
        Map<String, Object> merged = new HashMap<>(settings);
        merged.putAll(own);
        return merged;
    }

    /**
     * Each topic's max.message.bytes, as the topic set-up read it (at start, and again at each sweep): a topic that
     * takes smaller batches than the producer's batch.size gets a producer whose batches fit.
     */
    public void maxMessageBytes(Map<String, Integer> limits) {
        maxMessageBytes.putAll(limits);
    }

    /** The brokers, for messages that say where Kafka was not reached (never a credential). */
    public String bootstrapServers() {
        return String.valueOf(settings.get("bootstrap.servers"));
    }

    /**
     * Camel's Kafka component creates every producer and consumer through this factory, which adds the kafka.*
     * settings (Camel Quarkus does so itself only with Kubernetes service binding on), and shares one producer among
     * the endpoints with the same settings; the built-in application.properties names it as the component's
     * kafkaClientFactory.
     */
    @Produces
    @Singleton
    @Named("kafkaClientFactory")
    KafkaClientFactory kafkaClientFactory() {
        preferNativeLz4();
        return new SharedKafkaProducers(new QuarkusKafkaClientFactory(settings), maxMessageBytes::get);
    }

    /**
     * Kafka compresses with lz4-java's fastest codec, but lz4-java tries its JNI codec only when it sits on the
     * system class loader or the library is already loaded; under Quarkus' class loader it falls back to the pure Java
     * one, which took a fifth of the bundle's CPU. Loading the library first lets every producer use the JNI codec, as
     * a plain Kafka client would; where it cannot load (a native image, an unknown platform) the Java codec stays.
     */
    static void preferNativeLz4() {
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            return;
        }
        try {
            LZ4Factory.nativeInstance();
        } catch (Throwable e) {
            Log.debugf("lz4 compresses in Java: its native library did not load (%s)", e.toString());
        }
    }
}

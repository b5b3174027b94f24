package com.rcistream.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.quarkus.core.events.ComponentAddEvent;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.rcistream.config.RciConfig;

/**
 * With rci.publish.value-format=json-schema or avro, Camel's Kafka producers take values as bytes: under its default
 * StringSerializer Camel would turn the wire format's bytes into a UTF-8 string first, breaking every schema id byte
 * above 0x7F. Text values (dead letters, checkpoints) become the same UTF-8 bytes as before.
 */
@ApplicationScoped
public class WireFormatSerializer {

    private final boolean bytes;

    public WireFormatSerializer(RciConfig config) {
        this.bytes = config.publish().registered();
    }

    void onKafka(@Observes ComponentAddEvent event) {
        if (bytes && event.getComponent() instanceof KafkaComponent kafka) {
            kafka.getConfiguration().setValueSerializer(ByteArraySerializer.class.getName());
        }
    }
}

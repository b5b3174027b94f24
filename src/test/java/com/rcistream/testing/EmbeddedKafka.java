package com.rcistream.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A KRaft broker for one test class that runs the packaged application as a separate process:
 * {@code @RegisterExtension static EmbeddedKafka kafka = new EmbeddedKafka();}
 */
public final class EmbeddedKafka implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        broker.close();
    }

    public String bootstrapServers() {
        return broker.getAdvertisedListeners();
    }
}

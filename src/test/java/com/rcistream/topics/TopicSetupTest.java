package com.rcistream.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.Sweep;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaAndHttpPorts.class)
class TopicSetupTest {

    static final String STATE = "rci.customers.state";
    static final String FINGERPRINTS = "rci.customers.fingerprints";

    @Inject
    TopicSetup topics;

    @Test
    void compactedTopicsAreCreatedCompactedAndTheOthersNot() throws Exception {
        topics.ensure();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()))) {
            for (String topic : List.of(Sweep.CUSTOMERS, Sweep.EMAIL, Sweep.SMS, STATE, FINGERPRINTS, Sweep.REDACTIONS,
                    Sweep.DEAD_LETTER, Sweep.REFRESH)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                boolean compacted = List.of(Sweep.CUSTOMERS, Sweep.EMAIL, Sweep.SMS, STATE, FINGERPRINTS).contains(topic);
                assertEquals(compacted ? "compact" : "delete", policy, topic);
            }
        }
    }
}

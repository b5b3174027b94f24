package com.rcistream.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.Sweep;

@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class TopicSetupTest {

    static final String STATE = "rci.customers.state";
    static final String FINGERPRINTS = "rci.customers.fingerprints";
    static final List<String> COMPACTED =
            List.of(Sweep.CUSTOMERS, Sweep.EMAIL, Sweep.SMS, STATE, FINGERPRINTS, Sweep.VIP);
    static final String SEVEN_DAYS = Long.toString(7 * 24 * 3600 * 1000L);

    @Inject
    TopicSetup topics;

    @Test
    void compactedTopicsTheRulesTopicIncludedAreCreatedCompactedWithTheTombstoneRetention() throws Exception {
        topics.ensure();

        try (Admin admin = admin()) {
            for (String topic : List.of(
                    Sweep.CUSTOMERS,
                    Sweep.EMAIL,
                    Sweep.SMS,
                    STATE,
                    FINGERPRINTS,
                    Sweep.VIP,
                    Sweep.REDACTIONS,
                    Sweep.DEAD_LETTER,
                    Sweep.REFRESH)) {
                Config config = describe(admin, topic);
                boolean compacted = COMPACTED.contains(topic);
                assertEquals(
                        compacted ? "compact" : "delete",
                        config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
                        topic);
                if (compacted) {
                    assertEquals(
                            SEVEN_DAYS,
                            config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value(),
                            "rci.topic.tombstone-retention on " + topic);
                }
            }
        }
    }

    @Test
    void compactedTopicThatForgetsTombstonesSoonerIsReported() throws Exception {
        topics.ensure();
        ConfigResource sms = new ConfigResource(ConfigResource.Type.TOPIC, Sweep.SMS);
        try (Admin admin = admin();
                LogCapture logs = LogCapture.start()) {
            alter(admin, sms, "60000");
            try {
                topics.check(admin);
            } finally {
                alter(admin, sms, SEVEN_DAYS);
            }
            assertTrue(
                    logs.lines().stream()
                            .anyMatch(line ->
                                    line.contains("topic " + Sweep.SMS + " keeps a tombstone for 60000 ms only")),
                    String.join("\n", logs.lines()));
            assertTrue(
                    logs.lines().stream().noneMatch(line -> line.contains("topic " + Sweep.CUSTOMERS + " keeps")),
                    "a topic with the configured retention is not reported");
        }
    }

    private static void alter(Admin admin, ConfigResource topic, String retentionMs) throws Exception {
        Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.DELETE_RETENTION_MS_CONFIG, retentionMs), AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theChangeTopicIsCreatedCompactAndDeleteWithItsRetentionSoThatErasureAndAgeBothRemoveEvents() throws Exception {
        topics.ensure();

        try (Admin admin = admin()) {
            Config config = describe(admin, Sweep.CHANGES);
            assertEquals(
                    "compact,delete",
                    config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(
                    "604800000", config.get(TopicConfig.RETENTION_MS_CONFIG).value(), "rci.topic.changes-retention");
            assertEquals(
                    "604800000",
                    config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value());
        }
    }

    private static Config describe(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndHttpPorts.bootstrapServers()));
    }
}

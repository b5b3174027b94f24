package com.rcistream.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.configuration.ConfigurationException;

import com.rcistream.accounts.Shards;
import com.rcistream.config.KafkaClientConfig;
import com.rcistream.config.RciConfig;
import com.rcistream.config.SharedRead;

/**
 * Makes sure the topics exist before anything is published: the compacted ones (latest state per customer) are
 * created with cleanup.policy=compact, and an existing one that is not compacted is reported, since a consumer
 * rebuilding state from it would otherwise see every old version and never lose a tombstoned customer.
 */
@ApplicationScoped
@Named("topicSetup")
@RegisterForReflection
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final RciConfig config;
    private final RuleTopics ruleTopics;
    private final KafkaClientConfig kafka;
    private final Shards shards;
    private volatile boolean done;
    private final SharedRead ensuring = new SharedRead(this::createAndCheck);
    private final SharedRead limitsRead = new SharedRead(this::describeLimits);

    public TopicSetup(RciConfig config, RuleTopics ruleTopics, KafkaClientConfig kafka, Shards shards) {
        this.config = config;
        this.shards = shards;
        this.ruleTopics = ruleTopics;
        this.kafka = kafka;
    }

    /** Topic name to whether it must be compacted. */
    public Map<String, Boolean> topics() {
        Map<String, Boolean> topics = new LinkedHashMap<>();
        topics.put(config.topic().customers(), true);
        topics.put(config.topic().emailMarketing(), true);
        topics.put(config.topic().smsMarketing(), true);
        topics.put(config.topic().state(), true);
        topics.put(config.topic().fingerprints(), true);
        if (config.changes().enabled()) {
            topics.put(config.topic().changes(), true);
        }
        topics.put(config.topic().redactions(), false);
        topics.put(config.topic().deadLetter(), false);
        topics.put(config.topic().refreshRequests(), false);
        ruleTopics.topics().forEach(topics::putIfAbsent);
        return topics;
    }

    /** At start, before any route runs (the refresh consumer included), so that no topic is auto-created uncompacted. */
    void atStart(@Observes BeforeStart event) {
        try {
            ensure();
        } catch (IllegalStateException e) {
            LOG.warn(e.getMessage());
        }
    }

    /**
     * Creates what is missing and checks compaction, once; fails (and is tried again at the next sweep) while the
     * broker cannot be reached, so that nothing is published to a topic Kafka would auto-create uncompacted. Refused
     * credentials and a failed TLS handshake stop the start with one sentence instead. Sweeps starting together share
     * one attempt and its failure.
     */
    public void ensure() {
        if (!done) {
            ensuring.await();
        }
    }

    private void createAndCheck() {
        if (done) {
            return;
        }
        try (Admin admin = Admin.create(kafka.settings(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000)))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            if (config.topic().create()) {
                create(admin, existing);
            }
            check(admin);
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics", e);
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            // not transient: retrying with the same credentials or certificates only fills the broker's log
            AuthenticationException refused = refusal(e);
            if (refused instanceof SslAuthenticationException) {
                throw new ConfigurationException("Kafka at " + kafka.bootstrapServers() + " did not complete the TLS"
                        + " handshake (" + why + "): check kafka.ssl.truststore.location, -type and -password (a store"
                        + " with the CA that signed the broker's certificate) and, if the broker requires client"
                        + " certificates, kafka.ssl.keystore.location, -type, -password and kafka.ssl.key.password"
                        + " (KAFKA_SSL_*).");
            }
            if (refused != null) {
                throw new ConfigurationException("Kafka at " + kafka.bootstrapServers() + " refused the bundle's"
                        + " credentials (" + why + "): check kafka.security.protocol, kafka.sasl.mechanism and"
                        + " kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG).");
            }
            throw new IllegalStateException("could not create or check the topics on " + kafka.bootstrapServers() + " ("
                    + why + "); nothing is published until they are, the next sweep tries again");
        }
    }

    /**
     * The broker's refusal in a failure's causes, if any: a SASL login refused is the last cause, a TLS handshake
     * failure wraps the JDK's SSLHandshakeException.
     */
    private static AuthenticationException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException refused) {
                return refused;
            }
        }
        return null;
    }

    /**
     * With shards, a state topic gets a partition per shard, so that a pod reads the state of the shards it leads
     * only (state/StatePartitions); otherwise, and for every other topic, the broker's default.
     */
    private Integer statePartitions(String topic) {
        boolean state = topic.equals(config.topic().state())
                || topic.equals(config.topic().fingerprints());
        return state && shards.count() > 1 ? shards.count() : null;
    }

    private void create(Admin admin, Set<String> existing) throws Exception {
        List<NewTopic> missing = new ArrayList<>();
        topics().forEach((name, compacted) -> {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(
                        name,
                        Optional.ofNullable(config.topic().partitions().orElse(statePartitions(name))),
                        Optional.ofNullable(config.topic().replicationFactor().orElse(null)));
                if (name.equals(config.topic().changes())) {
                    // compacted so that a redacted customer's tombstone erases its events, deleted after the retention
                    topic.configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(config.topic().changesRetention().toMillis()),
                            TopicConfig.DELETE_RETENTION_MS_CONFIG,
                            Long.toString(tombstoneRetentionMillis())));
                } else if (compacted) {
                    topic.configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.DELETE_RETENTION_MS_CONFIG,
                            Long.toString(tombstoneRetentionMillis())));
                }
                missing.add(topic);
            }
        });
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
            missing.forEach(t -> LOG.infof("created topic %s%s", t.name(), t.configs() == null ? "" : " (compacted)"));
        }
    }

    /**
     * Warns about a compacted topic that is not compacted (a consumer rebuilding state from it sees every old version
     * and never loses a tombstoned customer), or that forgets tombstones sooner than rci.topic.tombstone-retention (a
     * consumer away that long never learns of an erasure or a withdrawn consent).
     */
    void check(Admin admin) throws Exception {
        Map<ConfigResource, Config> configs = describe(admin);
        Set<String> compacted = topics().entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        configs.forEach((resource, topicConfig) -> {
            if (!compacted.contains(resource.name())) {
                return;
            }
            var policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warnf(
                        "topic %s is not compacted (cleanup.policy=%s): it keeps every old version and never forgets"
                                + " a tombstoned customer; set cleanup.policy=compact on it",
                        resource.name(), policy == null ? "?" : policy.value());
            }
            var retention = topicConfig.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
            if (retention != null && Long.parseLong(retention.value()) < tombstoneRetentionMillis()) {
                LOG.warnf(
                        "topic %s keeps a tombstone for %d ms only (delete.retention.ms), less than"
                                + " rci.topic.tombstone-retention (%d ms): a consumer away longer never learns of an erasure or a"
                                + " withdrawn consent; raise delete.retention.ms on it",
                        resource.name(), Long.parseLong(retention.value()), tombstoneRetentionMillis());
            }
        });
    }

    /**
     * The configuration of every topic there is (a compacted one must be there); hands each one's max.message.bytes
     * to the producers.
     */
    private Map<ConfigResource, Config> describe(Admin admin) throws Exception {
        Map<String, Boolean> topics = topics();
        var described = admin.describeConfigs(topics.keySet().stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .values();
        Map<ConfigResource, Config> configs = new HashMap<>();
        Map<String, Integer> limits = new HashMap<>();
        for (var entry : described.entrySet()) {
            try {
                configs.put(entry.getKey(), entry.getValue().get(15, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (topics.get(entry.getKey().name())) {
                    throw e;
                }
                continue; // not there (rci.topic.create=false): Kafka may create it on first use
            }
            var limit = configs.get(entry.getKey()).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (limit != null && limit.value() != null) {
                limits.put(entry.getKey().name(), Integer.parseInt(limit.value()));
            }
        }
        kafka.maxMessageBytes(limits);
        return configs;
    }

    /**
     * Reads each topic's max.message.bytes again (a sweep starts), so that a limit changed while the bundle runs is
     * kept to; when the broker cannot say, the last known limits stay. Sweeps starting together share one read.
     */
    public void readMessageLimits() {
        if (done) {
            limitsRead.await();
        }
    }

    private void describeLimits() {
        // best effort, and short: with the broker down the sweep fails at its first send anyway
        try (Admin admin = Admin.create(kafka.settings(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000)))) {
            describe(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("could not read the topics' max.message.bytes (%s); the last known ones stay", e.toString());
        }
    }

    private long tombstoneRetentionMillis() {
        return config.topic().tombstoneRetention().toMillis();
    }
}

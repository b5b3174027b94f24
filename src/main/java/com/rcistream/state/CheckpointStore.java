package com.rcistream.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.config.RciConfig;
import com.rcistream.config.UrlSanitizer;

/**
 * The cursor checkpoint, kept in a compacted Kafka topic so that an instance on another machine resumes where the
 * last one stopped: the next page to fetch, written only once every record of the pages before it is acknowledged.
 * One key per API base URL and account, so that accounts sharing a topic do not mix.
 */
@ApplicationScoped
public class CheckpointStore {

    private static final Logger LOG = Logger.getLogger(CheckpointStore.class);
    private static final String STATE_TOPIC = "kafka:{{rci.topic.state}}";

    private final RciConfig config;
    private final CompactedTopicReader reader;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;
    private final String key;
    private final Accounts accounts;
    private final StatePartitions partitions;
    private volatile Endpoint stateTopic;
    private volatile int partitionCount;

    public CheckpointStore(
            RciConfig config,
            CompactedTopicReader reader,
            ProducerTemplate producer,
            ObjectMapper mapper,
            Accounts accounts,
            StatePartitions partitions) {
        this.accounts = accounts;
        this.partitions = partitions;
        this.config = config;
        this.reader = reader;
        this.producer = producer;
        this.mapper = mapper;
        this.key = "checkpoint:" + UrlSanitizer.sanitize(config.api().baseUrl());
    }

    /**
     * The key of an account's checkpoint: the base URL's alone for the one account of rci.api.token; its own base URL
     * (or rci.api.base-url) and its id for an account of the token directory.
     */
    private String key(String account) {
        if (account == null || account.isEmpty()) {
            return key;
        }
        Account named = accounts.byId(account);
        String own = named == null ? null : named.baseUrl().orElse(null);
        return (own == null ? key : "checkpoint:" + UrlSanitizer.sanitize(own)) + "#" + account;
    }

    /**
     * The URL of the next page to fetch for the account, or null when none of its sweeps is half done: read from the
     * state topic as it is now (the partitions of the shards this pod leads), every time. An in-memory mirror caught
     * up per sweep start was tried: LeaderElectionIT twice saw a leader resume from a checkpoint already cleared.
     */
    public String load(String account) {
        String key = key(account);
        AtomicReference<String> latest = new AtomicReference<>();
        reader.readFrom(
                config.topic().state(),
                Map.of(),
                partitions.wanted(),
                (k, v) -> {
                    if (key.equals(k)) {
                        latest.set(v);
                    }
                },
                Duration.ofSeconds(60));
        if (latest.get() == null) {
            return null;
        }
        try {
            JsonNode value = mapper.readTree(latest.get());
            return value.path("next").asText(null);
        } catch (Exception e) {
            LOG.warnf(
                    "ignoring an unreadable checkpoint in %s: %s",
                    config.topic().state(), e.getMessage());
            return null;
        }
    }

    /** Records the next page to fetch; returns only once Kafka acknowledged it. */
    public void save(String account, String next, String sweepId) {
        String value = mapper.createObjectNode()
                .put("next", next)
                .put("sweep_id", sweepId)
                .put("saved_at", Instant.now().toString())
                .toString();
        producer.sendBodyAndHeaders(stateTopic(), value, headers(account));
    }

    /** Forgets the checkpoint (a finished sweep, or a cursor the API rejected): the next sweep starts at page one. */
    public void clear(String account) {
        producer.sendBodyAndHeaders(stateTopic(), null, headers(account));
    }

    /** The record's key, and with shards its partition: the one its shard maps to. */
    private Map<String, Object> headers(String account) {
        if (!partitions.sharded() || account == null || account.isEmpty()) {
            return Map.of(KafkaConstants.KEY, key(account));
        }
        return Map.of(
                KafkaConstants.KEY,
                key(account),
                KafkaConstants.PARTITION_KEY,
                partitions.of(account, partitionCount()));
    }

    /** The state topic's endpoint, resolved once: its placeholder was looked up in the configuration every page. */
    private Endpoint stateTopic() {
        Endpoint endpoint = stateTopic;
        if (endpoint == null) {
            endpoint = producer.getCamelContext().getEndpoint(STATE_TOPIC);
            stateTopic = endpoint;
        }
        return endpoint;
    }

    /** The state topic's partitions, asked of the broker once. */
    private int partitionCount() {
        int known = partitionCount;
        if (known == 0) {
            known = reader.partitionCount(config.topic().state(), Duration.ofSeconds(60));
            partitionCount = known;
        }
        return known;
    }
}

package com.rcistream.state;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.config.RciConfig;
import com.rcistream.config.Sha256;
import com.rcistream.config.SharedRead;
import com.rcistream.exchange.CustomerOutcome;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.PageRecords;

/**
 * Change detection: a content fingerprint per customer, so that a customer whose content has not changed since it
 * was last published is not published again. The fingerprints live in a compacted Kafka topic (they survive a
 * restart or a move to another machine) and, in memory, in a primitive map keyed by a hash of the id: 32 MiB for
 * 1,000,000 customers. With change events, the tracked values last published are kept beside each fingerprint (16 MiB
 * more), and a customer whose fingerprint changed is compared with them ({@link Changes}).
 */
@ApplicationScoped
@Named("fingerprintStore")
@RegisterForReflection
public class FingerprintStore {

    /** The fingerprint topic's endpoint. */
    public static final String ENDPOINT = "kafka:{{rci.topic.fingerprints}}";

    /** The change topic's endpoint. */
    public static final String CHANGES_ENDPOINT = "kafka:{{rci.topic.changes}}";

    private static final Logger LOG = Logger.getLogger(FingerprintStore.class);

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final RciConfig config;
    private final StateTopicMirror mirror;
    private final StatePartitions partitions;
    private final SharedRead catchUp = new SharedRead(this::readTopic);
    private final CustomerStates known;
    private final ChangeBaselines baselines;

    public FingerprintStore(
            RciConfig config,
            CompactedTopicReader reader,
            StatePartitions partitions,
            ObjectMapper mapper,
            ProducerTemplate producer) {
        this.config = config;
        this.partitions = partitions;
        this.baselines = new ChangeBaselines(producer, partitions, ENDPOINT);
        this.known = new CustomerStates(
                mapper, config.changes().enabled() ? config.changes().attributes() : null);
        this.mirror = new StateTopicMirror(
                config.topic().fingerprints(), reader, config.topic().tombstoneRetention(), READ_TIMEOUT);
    }

    /**
     * Brings memory up to date with the fingerprint topic, at the start of every sweep (see {@link StateTopicMirror}),
     * so that a pod leading again does not publish again what another leader published meanwhile. Sweeps starting
     * together share one read.
     */
    public void catchUp() {
        catchUp.await();
    }

    private void readTopic() {
        Applied applied = new Applied();
        StateTopicMirror.CatchUp read = mirror.catchUp(applied, this::forgetAll, partitions.wanted());
        if (read.whole()) {
            LOG.infof(
                    "loaded %d customer fingerprints from %s (%d records read whole: %s) in %d ms",
                    known.size(), mirror.topic(), read.records(), read.why(), read.millis());
        } else {
            LOG.infof(
                    "caught up with %s: %d records since the last read, %d customer fingerprints known, in %d ms",
                    mirror.topic(), read.records(), known.size(), read.millis());
        }
        if (applied.unreadable > 0) {
            LOG.warnf(
                    "skipped %d value(s) in %s that are not a fingerprint of up to 16 hex digits (the first for key %s):"
                            + " those customers are published again at their next sweep",
                    applied.unreadable, mirror.topic(), applied.example);
        }
    }

    /** A fingerprint record into memory; a tombstone, or a value the bundle did not write, forgets the customer. */
    private final class Applied implements BiConsumer<String, String> {
        int unreadable;
        String example;

        @Override
        public void accept(String id, String value) {
            if (id == null) {
                return;
            }
            if (baselines.read(id, value)) {
                return;
            }
            CustomerStates.Stored stored = value == null ? null : known.decode(value);
            if (stored != null) {
                known.put(hash(id), stored.fingerprint(), stored.values());
                return;
            }
            // a tombstone, or a stray kcat -P: that customer is not known
            known.remove(hash(id));
            if (value != null && unreadable++ == 0) {
                example = id;
            }
        }
    }

    /** Forgets what is in memory so that the next sweep reads the topic whole again, exactly as a restart does. */
    public void reload() {
        mirror.forget(this::forgetAll);
    }

    /** What a restart with rci.changes.attributes set to these (none: change events off) does. */
    public void track(List<String> attributes) {
        mirror.forget(() -> known.track(attributes));
        baselines.clear();
    }

    private void forgetAll() {
        known.clear();
        baselines.clear();
    }

    /**
     * Notes the fingerprint of the exchange's customer and whether it is new or changed (always with rci.emit=all), as
     * the {@code rciChanged} property: a step and a property test, where a bean predicate would copy the exchange.
     */
    public void compare(Exchange exchange) {
        note(exchange);
        long fingerprint = exchange.getProperty(ExchangeProperties.FINGERPRINT, Long.class);
        String id = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        boolean changed = "all".equals(config.emit()) || !known.contains(hash(id), fingerprint);
        exchange.setProperty(ExchangeProperties.CHANGED, changed);
        JsonNode customer = exchange.getProperty(ExchangeProperties.VALUE, JsonNode.class);
        if (!changed || customer == null || exchange.getProperty(ExchangeProperties.REDACTED, false, Boolean.class)) {
            return;
        }
        JsonNode[] now = known.valuesOf(customer);
        if (now == null) {
            return;
        }
        exchange.setProperty(ExchangeProperties.TRACKED, now);
        JsonNode[] before = known.values(hash(id));
        ObjectNode changes;
        boolean first = before == null;
        if (first) {
            String account = exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
            changes = baselines.done(account) ? Changes.first(known.names(), now) : null;
        } else {
            changes = Changes.between(known.names(), before, now);
        }
        if (changes != null && !changes.isEmpty()) {
            ObjectNode event = changes.objectNode();
            event.set("changes", changes);
            if (first) {
                event.put("new", true);
            }
            exchange.setProperty(ExchangeProperties.CHANGE_SET, event);
        }
    }

    /** Notes the fingerprint of the exchange's customer event, to be remembered once it is published. */
    public void note(Exchange exchange) {
        // a registry format's bytes as they are: decoded as text, two Avro values could read the same
        Object body = exchange.getMessage().getBody();
        exchange.setProperty(
                ExchangeProperties.FINGERPRINT,
                body instanceof byte[] bytes
                        ? hash(bytes)
                        : hash(exchange.getMessage().getBody(String.class)));
        CustomerOutcome.begin(exchange);
    }

    /**
     * The exchange becomes the customer's record on the fingerprint topic: its key, and its fingerprint as the value;
     * the {@code rciGoesOn} property says whether to send it: whether the customer reached every route it was handed
     * to. When a custom rule failed for it, or Kafka refused a record of it, its fingerprint is not remembered, so
     * that the next sweep publishes it again (and the rule gets another go).
     */
    public void toRecord(Exchange exchange) {
        CustomerOutcome outcome = CustomerOutcome.of(exchange);
        exchange.setProperty(ExchangeProperties.GOES_ON, outcome == null || !outcome.failed());
        var msg = exchange.getMessage();
        String id = msg.getHeader(KafkaConstants.KEY, String.class);
        ExchangeProperties.clearHeadersButKept(msg);
        msg.setHeader(KafkaConstants.KEY, id);
        String account = exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
        if (partitions.sharded() && !account.isEmpty()) {
            msg.setHeader(KafkaConstants.PARTITION_KEY, partitions.of(account, mirror.partitions()));
        }
        long fingerprint = exchange.getProperty(ExchangeProperties.FINGERPRINT, Long.class);
        msg.setBody(known.encode(fingerprint, trackedOf(exchange, id)));
    }

    /**
     * The tracked values to keep for the exchange's customer: those compared in this sweep; none for a redacted one
     * (the record with its earlier values is superseded, so compaction erases them); a refresh keeps those known.
     */
    private JsonNode[] trackedOf(Exchange exchange, String id) {
        if (exchange.getProperty(ExchangeProperties.REDACTED, false, Boolean.class)) {
            return null;
        }
        JsonNode[] tracked = exchange.getProperty(ExchangeProperties.TRACKED, JsonNode[].class);
        return tracked != null ? tracked : known.values(hash(id));
    }

    /**
     * Adds the exchange's fingerprint record to its page's records, sent once everything else of the page is
     * acknowledged (not at all for a customer Kafka refused a record of); the fingerprint is remembered once it is too.
     */
    public void withPage(Exchange exchange) {
        var msg = exchange.getMessage();
        String id = msg.getHeader(KafkaConstants.KEY, String.class);
        long fingerprint = exchange.getProperty(ExchangeProperties.FINGERPRINT, Long.class);
        JsonNode[] tracked = remembered(exchange, id);
        PageRecords records = PageRecords.of(exchange);
        Message change = exchange.getProperty(ExchangeProperties.CHANGE_RECORD, Message.class);
        if (change != null) {
            // acknowledged before the state that says it was sent is written: a crash repeats it, never loses it
            records.add(
                    PageRecords.Phase.CHANGE, CHANGES_ENDPOINT, config.topic().changes(), change);
        }
        records.add(
                PageRecords.Phase.FINGERPRINT,
                ENDPOINT,
                config.topic().fingerprints(),
                PageRecords.record(msg),
                () -> known.put(hash(id), fingerprint, tracked));
    }

    /** Remembers the exchange's fingerprint once its record is in the fingerprint topic. */
    public void remembered(Exchange exchange) {
        String id = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        known.put(hash(id), exchange.getProperty(ExchangeProperties.FINGERPRINT, Long.class), remembered(exchange, id));
    }

    /** The tracked values to keep in memory: as {@link #trackedOf}, an all-unknown row for a redacted customer. */
    private JsonNode[] remembered(Exchange exchange, String id) {
        JsonNode[] tracked = trackedOf(exchange, id);
        List<String> names = known.names();
        return tracked == null && names != null ? new JsonNode[names.size()] : tracked;
    }

    /** After an account's sweep went through every page: its change events' baseline is done ({@link ChangeBaselines}). */
    public void sweepCompleted(String account, String sweepId) {
        if (known.names() != null) {
            baselines.complete(account, sweepId, mirror);
        }
    }

    /** The fingerprint alone, as written to the topic without tracked values. */
    public static String hex(long fingerprint) {
        return Long.toHexString(fingerprint);
    }

    public int size() {
        return known.size();
    }

    /** The first 64 bits of SHA-256: collisions among a million customers are as good as impossible. */
    static long hash(String text) {
        return ByteBuffer.wrap(Sha256.of(text)).getLong();
    }

    static long hash(byte[] bytes) {
        return ByteBuffer.wrap(Sha256.of(bytes)).getLong();
    }
}

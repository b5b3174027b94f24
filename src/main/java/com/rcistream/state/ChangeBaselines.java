package com.rcistream.state;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.jboss.logging.Logger;

/**
 * Which accounts' change events have their baseline: until an account's first complete sweep with change events is
 * done every customer is a baseline (no flood on the first run); after it, one not known is new. Recorded once per
 * account on the fingerprint topic, under a key of its own, so that it is lost (and made again) with the fingerprints.
 */
final class ChangeBaselines {

    /** The key (after the account's {@code <account>:}) of an account's baseline record. */
    static final String KEY = "rci:changes-baseline";

    private static final Logger LOG = Logger.getLogger(ChangeBaselines.class);

    /** The accounts ("" for the one of rci.api.token) whose baseline is done. */
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    private final ProducerTemplate producer;
    private final StatePartitions partitions;
    private final String endpoint;

    ChangeBaselines(ProducerTemplate producer, StatePartitions partitions, String endpoint) {
        this.producer = producer;
        this.partitions = partitions;
        this.endpoint = endpoint;
    }

    /** A record of the fingerprint topic: true when it is a baseline record (taken note of), false for a customer's. */
    boolean read(String key, String value) {
        if (!key.endsWith(KEY)) {
            return false;
        }
        String account = key.substring(0, Math.max(0, key.length() - KEY.length() - 1));
        if (value == null) {
            done.remove(account);
        } else {
            done.add(account);
        }
        return true;
    }

    boolean done(String account) {
        return done.contains(account == null ? "" : account);
    }

    void clear() {
        done.clear();
    }

    /** The account's sweep went through every page: its baseline is recorded, once (in its shard's partition). */
    void complete(String account, String sweepId, StateTopicMirror mirror) {
        String who = account == null ? "" : account;
        if (done.contains(who)) {
            return;
        }
        String key = who.isEmpty() ? KEY : who + ":" + KEY;
        Map<String, Object> headers = partitions.sharded() && !who.isEmpty()
                ? Map.of(KafkaConstants.KEY, key, KafkaConstants.PARTITION_KEY, partitions.of(who, mirror.partitions()))
                : Map.of(KafkaConstants.KEY, key);
        try {
            producer.sendBodyAndHeaders(endpoint, "{\"baseline\":\"" + sweepId + "\"}", headers);
            done.add(who);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "could not record the change events' baseline in %s (%s): tried again after the next sweep",
                    mirror.topic(), e.getMessage());
        }
    }
}

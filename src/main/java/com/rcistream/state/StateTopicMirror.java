package com.rcistream.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.common.TopicPartition;

/**
 * A compacted state topic brought into memory, of the partitions this pod wants (those of the shards it leads, every
 * one without shards): the whole of them the first time (and after {@link #forget}), later only what was written
 * after the offsets the last read of each went to, so that what another pod or this one wrote since is seen; a
 * partition wanted for the first time is read from its beginning. Reads them whole again when a catch-up could miss
 * something: records deleted or the topic created anew, or a partition last read longer ago than the tombstone
 * retention (a tombstone may be gone).
 */
final class StateTopicMirror {

    /** What a catch-up did: read the topic whole (and why) or from the last offsets, how many records, how long. */
    record CatchUp(boolean whole, String why, long records, long millis) {}

    private final String topic;
    private final CompactedTopicReader reader;
    private final Duration tombstoneRetention;
    private final Duration timeout;
    /** The offsets the last read of each partition went to; null before the first read (and after a forget). */
    private Map<TopicPartition, Long> readTo;
    /** When each partition's last read began (System.nanoTime()). */
    private final Map<TopicPartition, Long> readAt = new HashMap<>();
    /** The topic's partitions, as of the last read; 0 before the first. */
    private volatile int partitions;

    StateTopicMirror(String topic, CompactedTopicReader reader, Duration tombstoneRetention, Duration timeout) {
        this.topic = topic;
        this.reader = reader;
        this.tombstoneRetention = tombstoneRetention;
        this.timeout = timeout;
    }

    /** Hands over the records since the last read (null values are tombstones), after {@code clear} when whole. */
    synchronized CatchUp catchUp(
            BiConsumer<String, String> records, Runnable clear, CompactedTopicReader.Wanted wanted) {
        long started = System.nanoTime();
        CompactedTopicReader.Read read = null;
        String why = "the first read";
        if (readTo != null) {
            boolean stale = readAt.entrySet().stream()
                    .anyMatch(e -> wanted.test(e.getKey().partition(), partitions)
                            && started - e.getValue() > tombstoneRetention.toNanos());
            if (stale) {
                why = "the last read began longer ago than rci.topic.tombstone-retention";
            } else {
                read = reader.readFrom(topic, readTo, wanted, records, timeout);
                why = "records before the offsets last read to are gone, or the topic is new";
            }
        }
        boolean whole = read == null;
        if (whole) {
            clear.run();
            readTo = new HashMap<>();
            readAt.clear();
            read = reader.readFrom(topic, Map.of(), wanted, records, timeout);
        }
        readTo.putAll(read.endOffsets());
        read.endOffsets().keySet().forEach(tp -> readAt.put(tp, started));
        partitions = read.partitions();
        return new CatchUp(whole, why, read.records(), (System.nanoTime() - started) / 1_000_000);
    }

    /** As {@link #catchUp(BiConsumer, Runnable, CompactedTopicReader.Wanted)}, of every partition. */
    CatchUp catchUp(BiConsumer<String, String> records, Runnable clear) {
        return catchUp(records, clear, (partition, partitions) -> true);
    }

    /** The next catch-up reads the topic whole, as after a restart; {@code clear} runs between two catch-ups. */
    synchronized void forget(Runnable clear) {
        readTo = null;
        readAt.clear();
        clear.run();
    }

    /** The topic's partitions: as of the last read, or asked of the broker before the first. */
    int partitions() {
        int known = partitions;
        if (known == 0) {
            known = reader.partitionCount(topic, timeout);
            partitions = known;
        }
        return known;
    }

    String topic() {
        return topic;
    }
}

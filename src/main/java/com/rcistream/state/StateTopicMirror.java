package com.rcistream.state;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.common.TopicPartition;

/**
 * A compacted state topic brought into memory: the whole topic the first time (and after {@link #forget}), later
 * only what was written after the offsets the last read went to, so that what another pod or this one wrote since
 * is seen. Reads it whole again when a catch-up could miss something: records deleted or the topic created anew, or
 * the last read longer ago than the tombstone retention (a tombstone may be gone).
 */
final class StateTopicMirror {

    /** What a catch-up did: read the topic whole (and why) or from the last offsets, how many records, how long. */
    record CatchUp(boolean whole, String why, long records, long millis) {}

    private final String topic;
    private final CompactedTopicReader reader;
    private final Duration tombstoneRetention;
    private final Duration timeout;
    /** The offsets the last read went to, or null before the first (and after {@link #forget}). */
    private Map<TopicPartition, Long> readTo;
    /** When the last read began (System.nanoTime()). */
    private long readStarted;

    StateTopicMirror(String topic, CompactedTopicReader reader, Duration tombstoneRetention, Duration timeout) {
        this.topic = topic;
        this.reader = reader;
        this.tombstoneRetention = tombstoneRetention;
        this.timeout = timeout;
    }

    /** Hands over the records since the last read (null values are tombstones), after {@code clear} when whole. */
    synchronized CatchUp catchUp(BiConsumer<String, String> records, Runnable clear) {
        long started = System.nanoTime();
        CompactedTopicReader.Read read = null;
        String why = "the first read";
        if (readTo != null) {
            if (started - readStarted > tombstoneRetention.toNanos()) {
                why = "the last read began longer ago than rci.topic.tombstone-retention";
            } else {
                read = reader.readFrom(topic, readTo, records, timeout);
                why = "records before the offsets last read to are gone, or the topic is new";
            }
        }
        boolean whole = read == null;
        if (whole) {
            clear.run();
            read = reader.readAll(topic, records, timeout);
        }
        readTo = read.endOffsets();
        readStarted = started;
        return new CatchUp(whole, why, read.records(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The next catch-up reads the topic whole, as after a restart; {@code clear} runs between two catch-ups. */
    synchronized void forget(Runnable clear) {
        readTo = null;
        clear.run();
    }

    String topic() {
        return topic;
    }
}

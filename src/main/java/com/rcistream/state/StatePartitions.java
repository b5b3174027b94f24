package com.rcistream.state;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.accounts.Shards;

/**
 * Where an account's state lives once the accounts are spread over shards: its records in the partition its shard
 * maps to (the shard modulo the partitions) of each state topic, so that a pod reads only the partitions of the
 * shards it leads. Without shards every partition is read, and records are partitioned by key as Kafka does.
 */
@ApplicationScoped
public class StatePartitions {

    private final Shards shards;

    public StatePartitions(Shards shards) {
        this.shards = shards;
    }

    /** Whether the accounts are spread over shards, so their state over partitions. */
    public boolean sharded() {
        return shards.count() > 1;
    }

    /** The partitions of a state topic this pod reads: those a shard it leads maps to. */
    CompactedTopicReader.Wanted wanted() {
        if (!sharded()) {
            return (partition, partitions) -> true;
        }
        return (partition, partitions) -> shards.led().stream().anyMatch(shard -> shard % partitions == partition);
    }

    /** The partition of the account's records in a state topic of {@code partitions} partitions. */
    int of(String account, int partitions) {
        return shards.of(account) % partitions;
    }
}

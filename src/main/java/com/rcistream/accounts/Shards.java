package com.rcistream.accounts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.RciConfig;

/**
 * The shards the accounts are spread over, each led by one pod on its own Lease: rci.leader-election.shards with
 * leader election and rci.accounts.token-dir, else one shard this pod always leads. An account's shard is the CRC-32
 * of its id modulo the count, the same on every pod and in every version.
 */
@ApplicationScoped
@Named("shards")
@RegisterForReflection
public class Shards {

    private final int count;
    /** Whether this pod leads a shard: every one until leader election says otherwise. */
    private volatile IntPredicate leads = shard -> true;

    public Shards(RciConfig config) {
        boolean spread = config.leaderElection().enabled()
                && config.accounts().tokenDir().isPresent();
        this.count = spread ? config.leaderElection().shards() : 1;
    }

    public int count() {
        return count;
    }

    /** The shard of an account. */
    public int of(String account) {
        CRC32 crc = new CRC32();
        crc.update(account.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    /** The shard's name: its master: namespace, and its Lease's name after Camel's "leaders-" prefix. */
    public String name(int shard) {
        return String.format("rci-stream-shard-%02d", shard);
    }

    public boolean leads(int shard) {
        return leads.test(shard);
    }

    /** Whether this pod leads the account's shard, so may sweep it. */
    public boolean leadsAccountOf(String account) {
        return leads.test(of(account));
    }

    /** The shards this pod leads now. */
    public List<Integer> led() {
        List<Integer> led = new ArrayList<>();
        for (int shard = 0; shard < count; shard++) {
            if (leads.test(shard)) {
                led.add(shard);
            }
        }
        return led;
    }

    /** Leader election tells whether this pod leads a shard. */
    public void ledBy(IntPredicate leader) {
        this.leads = leader;
    }
}

package com.rcistream.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.rcistream.testing.Settings;

/** An account's shard: the same on every pod and in every version, and the accounts spread evenly over them. */
class ShardsTest {

    private static Shards shards(String... keysAndValues) {
        return new Shards(Settings.rci(Settings.with(keysAndValues)));
    }

    @Test
    void aStableHashOfTheIdPicksTheShard() {
        Shards shards = shards(
                "rci.leader-election.enabled", "true",
                "rci.accounts.token-dir", "/tmp",
                "rci.leader-election.shards", "16");
        assertEquals(16, shards.count());
        // CRC-32 of the id modulo 16 (as Python computes it: zlib.crc32(b"store-1") % 16): written out, so that a
        // change of the hash (which would move every account to
        // another Lease while old pods still run) fails here
        assertEquals(
                List.of(10, 0, 3, 4),
                List.of("store-1", "store-2", "a", "acme-eu").stream()
                        .map(shards::of)
                        .toList());
        assertEquals("rci-stream-shard-07", shards.name(7));
    }

    @Test
    void aThousandAccountsSpreadEvenly() {
        Shards shards = shards("rci.leader-election.enabled", "true", "rci.accounts.token-dir", "/tmp");
        int[] per = new int[shards.count()];
        for (int i = 0; i < 1000; i++) {
            per[shards.of("store-" + i)]++;
        }
        for (int n : per) {
            assertTrue(n > 1000 / 16 / 2 && n < 1000 / 16 * 2, "accounts a shard: " + java.util.Arrays.toString(per));
        }
    }

    @Test
    void oneShardLedByThisPodWithoutLeaderElectionOrWithOneToken() {
        assertEquals(1, shards("rci.accounts.token-dir", "/tmp").count());
        assertEquals(1, shards("rci.leader-election.enabled", "true").count());
        Shards one = shards();
        assertEquals(0, one.of("store-1"));
        assertTrue(one.leadsAccountOf("store-1"));
        one.ledBy(shard -> false);
        assertEquals(List.of(), one.led());
    }
}

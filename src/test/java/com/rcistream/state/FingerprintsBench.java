package com.rcistream.state;

/** Test-side access to the fingerprint map for the memory benchmark (the map is package-private). */
public final class FingerprintsBench {

    private FingerprintsBench() {}

    /** Loads n customers' fingerprints the way a sweep does (hash of a 19-digit id, hash of a 700-byte value). */
    public static Object load(int n) {
        LongLongMap map = new LongLongMap(1 << 16);
        String value = "v".repeat(700);
        for (int i = 0; i < n; i++) {
            String id = Long.toString(7_000_000_000_000_000_000L + i * 2_147_483_647L);
            map.put(FingerprintStore.hash(id), FingerprintStore.hash(id + value));
        }
        return map;
    }
}

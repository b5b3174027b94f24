package com.rcistream.simulator;

/** Turns a seed and a few coordinates into a well-spread 64-bit value, so every customer gets its own stream. */
final class SeedMix {

    private SeedMix() {}

    /** A 64-bit hash of the given parts (SplitMix64 finalizer applied after each part). */
    static long of(long... parts) {
        long h = 0x632BE59BD9B4E019L;
        for (long part : parts) {
            h = finish(h ^ finish(part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** A uniform double in [0, 1) derived from the given parts. */
    static double unit(long... parts) {
        return (of(parts) >>> 11) * 0x1.0p-53;
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

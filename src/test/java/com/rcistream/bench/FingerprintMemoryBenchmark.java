package com.rcistream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import com.rcistream.state.FingerprintsBench;

/**
 * How much heap change detection needs for N customers: the fingerprints held in memory, measured after a full GC
 * before and after loading N of them. Run with scripts/bench.sh; figures go to docs/benchmarks.md.
 */
public final class FingerprintMemoryBenchmark {

    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        FingerprintsBench.load(1_000); // class loading and JIT happen before the baseline, not inside it
        long before = usedAfterGc(memory);
        long started = System.nanoTime();
        Object held = FingerprintsBench.load(customers);
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedAfterGc(memory);
        System.out.printf(
                "customers=%d heap_for_fingerprints_mib=%.1f bytes_per_customer=%.1f load_ms=%d (%s)%n",
                customers,
                (after - before) / 1048576.0,
                (after - before) / (double) customers,
                loadMillis,
                held.getClass().getSimpleName());
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

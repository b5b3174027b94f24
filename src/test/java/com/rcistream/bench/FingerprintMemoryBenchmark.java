package com.rcistream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.IntFunction;

import com.rcistream.state.FingerprintsBench;

/**
 * How much heap change detection needs for N customers: the fingerprints held in memory, then the fingerprints with
 * the change events' tracked values (the default rci.changes.attributes) beside them, each measured after a full GC
 * before and after loading N of them. Run with scripts/bench.sh; figures go to docs/benchmarks.md.
 */
public final class FingerprintMemoryBenchmark {

    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        measure("fingerprints", customers, FingerprintsBench::load);
        measure("fingerprints+tracked", customers, FingerprintsBench::loadTracked);
    }

    private static void measure(String what, int customers, IntFunction<Object> load) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        load.apply(1_000); // class loading and JIT happen before the baseline, not inside it
        long before = usedAfterGc(memory);
        long started = System.nanoTime();
        Object held = load.apply(customers);
        long loadMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedAfterGc(memory);
        System.out.printf(
                "%s customers=%d heap_mib=%.1f bytes_per_customer=%.1f load_ms=%d (%s)%n",
                what,
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

package com.rcistream.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory and CPU time as Linux's /proc shows them; 0 once it has ended. */
final class ProcStats {

    private ProcStats() {}

    /** Resident memory now, in KiB. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the process just ended
        }
        return 0;
    }

    /** User and system CPU time of a process so far, in clock ticks (100 a second). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return 0;
        }
    }
}

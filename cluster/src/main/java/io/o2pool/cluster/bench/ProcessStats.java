package io.o2pool.cluster.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of this process, from the JVM and {@code /proc/self/status}. */
final class ProcessStats {
    private ProcessStats() {
    }

    /** CPU time (user + system) used by this process so far, in ms. */
    static long cpuMs() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1_000_000L;
        }
        return -1;
    }

    /** Resident set size in KiB ({@code VmRSS}), or -1 where /proc is missing. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

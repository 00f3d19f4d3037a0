package io.o2pool.ocfs2.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tells whether an O2CB cluster stack runs on this host, which decides what {@code o2cb_ctl -i} reports. An
 * interface so tests choose the answer.
 */
@FunctionalInterface
public interface ClusterStackProbe {
    /** Whether a cluster is registered with the kernel's node manager. */
    boolean running();

    /** Looks for {@code /sys/kernel/config/cluster/*}, where a registered cluster appears. */
    static ClusterStackProbe configfs() {
        return configfs(Path.of("/sys/kernel/config/cluster"));
    }

    /** Looks for any entry in {@code clusterDir} (a configfs {@code cluster} directory). */
    static ClusterStackProbe configfs(Path clusterDir) {
        return () -> {
            if (!Files.isDirectory(clusterDir)) {
                return false;
            }
            try (Stream<Path> entries = Files.list(clusterDir)) {
                return entries.findAny().isPresent();
            } catch (IOException | SecurityException unreadable) {
                return false;
            }
        };
    }
}

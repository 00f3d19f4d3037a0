package io.o2pool.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test needs to start a child JVM (a real agent, manager or cluster node) from its own classpath: the launcher
 * with flags for fast start-up, and the test JVM's classpath with its directories ({@code target/classes} of this and
 * sibling modules) copied once per test JVM, so a concurrent build that recompiles a module cannot pull classes from
 * under a running process. Thread-safe.
 */
public final class ChildJvm {
    private static String snapshot;

    private ChildJvm() {
    }

    /** The test classpath with its directories copied once per test JVM (later calls return the same copy). */
    public static synchronized String classpathSnapshot() throws IOException {
        if (snapshot != null) {
            return snapshot;
        }
        String original = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path copies = Files.createTempDirectory("o2pool-test-classpath");
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : original.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path copy = copies.resolve(Integer.toString(n++));
            try (var walk = Files.walk(path)) {
                for (Path source : walk.toList()) {
                    Path target = copy.resolve(path.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            entries.add(copy.toString());
        }
        snapshot = String.join(File.pathSeparator, entries);
        return snapshot;
    }

    /**
     * The java launcher of the running JDK, the heap limit and the JVM flags that make short-lived children start fast
     * (C1 only and the serial GC: a test's child serves a handful of requests, start-up time is what counts).
     */
    public static List<String> javaCommand(String maxHeap) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    }
}

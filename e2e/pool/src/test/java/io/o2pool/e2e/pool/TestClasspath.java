package io.o2pool.e2e.pool;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The test JVM's classpath for child JVMs (agents, the manager), with its directories ({@code target/classes} of this
 * and sibling modules) copied once per test JVM, so a concurrent build that recompiles a module cannot pull classes
 * from under a running process. Thread-safe.
 */
final class TestClasspath {
    private static String snapshot;

    private TestClasspath() {
    }

    static synchronized String snapshot() throws IOException {
        if (snapshot != null) {
            return snapshot;
        }
        String original = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path copies = Files.createTempDirectory("o2pool-e2e-classpath");
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

    /** The java launcher of the running JDK and the JVM flags that make short-lived children start fast. */
    static List<String> javaCommand(String maxHeap) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    }
}

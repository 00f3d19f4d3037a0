package io.o2pool.agent.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and writes the o2cb node manager's configfs tree ({@code <root>/cluster/<cluster>/...}, root normally
 * {@code /sys/kernel/config}) — the kernel's view of the registered cluster, its nodes, heartbeat regions and
 * timeouts. A plain directory stands in for it in tests. Values are written without a newline, as libo2cb does.
 */
public final class Configfs {
    private final Path root;

    public Configfs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Whether configfs is mounted (the {@code cluster} directory exists once ocfs2_nodemanager is loaded). */
    public boolean mounted() {
        return Files.isDirectory(root.resolve("cluster"));
    }

    /** The registered cluster, if any (the kernel allows one per host). */
    public Optional<String> cluster() {
        return list(root.resolve("cluster")).stream().findFirst();
    }

    /** Node directory names of {@code cluster}. */
    public List<String> nodes(String cluster) {
        return list(clusterDir(cluster).resolve("node"));
    }

    /** The directory of node {@code node} of {@code cluster}; removing it ({@code rmdir}) unregisters the node. */
    public Path nodeDirectory(String cluster, String node) {
        return clusterDir(cluster).resolve("node").resolve(node);
    }

    /** Heartbeat region directories of {@code cluster} (a region exists while a heartbeat runs on it). */
    public List<String> regions(String cluster) {
        return list(clusterDir(cluster).resolve("heartbeat")).stream()
                .filter(name -> Files.isDirectory(clusterDir(cluster).resolve("heartbeat").resolve(name))).toList();
    }

    /** An attribute of a node ({@code num}, {@code ipv4_address}, {@code ipv4_port}, {@code local}). */
    public Optional<String> nodeAttribute(String cluster, String node, String attribute) {
        return read(clusterDir(cluster).resolve("node").resolve(node).resolve(attribute));
    }

    /** A cluster attribute relative to the cluster directory, e.g. {@code idle_timeout_ms} or {@code heartbeat/dead_threshold}. */
    public Optional<String> clusterAttribute(String cluster, String relative) {
        return read(clusterDir(cluster).resolve(relative));
    }

    /** Writes a cluster attribute (the kernel validates and may refuse; that surfaces as an IOException). */
    public void writeClusterAttribute(String cluster, String relative, String value) throws IOException {
        Files.writeString(clusterDir(cluster).resolve(relative), value, StandardCharsets.US_ASCII);
    }

    private Path clusterDir(String cluster) {
        return root.resolve("cluster").resolve(cluster);
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = new ArrayList<>(entries.map(p -> p.getFileName().toString()).sorted().toList());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

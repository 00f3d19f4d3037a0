package io.o2pool.agent.pool;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The pool's committed generation as its members last wrote it into the shared repository: the pool id, the cluster,
 * the generation with its checksum, the nodes that generation lists, and who wrote it when.
 */
public record PoolRecord(String poolId, String cluster, long generation, String checksum, List<Node> nodes,
                         String writtenBy, Instant writtenAt) {
    /** One node of the generation. */
    public record Node(String name, int number) {
    }

    public PoolRecord {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** Whether the generation lists a node named {@code name} (compared as o2cb does: up to the first '.', any case). */
    public boolean lists(String name) {
        String wanted = shortName(name);
        return nodes.stream().anyMatch(n -> shortName(n.name()).equals(wanted));
    }

    private static String shortName(String name) {
        return name.split("\\.")[0].toLowerCase(Locale.ROOT);
    }
}

package io.o2pool.manager.planner;

import java.util.List;

/**
 * The result of {@link Planner#plan}: the generation and exact cluster.conf every node of the desired cluster ends
 * with, and what happens to each server.
 */
public record ConfigPlan(long generation, String clusterConf, String checksum, List<NodeChange> changes) {

    /** Servers that receive the generation (stage and commit), in plan order. */
    public List<String> targets() {
        return changes.stream().filter(NodeChange::receivesConfig).map(NodeChange::server).toList();
    }

    /** Whether nothing would change anywhere. */
    public boolean isEmpty() {
        return changes.stream().allMatch(c -> c.kind() == NodeChange.Kind.UNCHANGED);
    }
}

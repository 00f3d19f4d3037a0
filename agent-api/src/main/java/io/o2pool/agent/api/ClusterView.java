package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/** Body of {@code GET /v1/cluster} and of each {@code membership} event: the stack driver, its state and the membership view at {@code at}. */
public record ClusterView(String driver, StackState state, String clusterName, List<Member> members, Instant at) {
    public ClusterView {
        members = members == null ? List.of() : List.copyOf(members);
    }
}

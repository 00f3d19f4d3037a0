package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /v1/cluster} and of each {@code membership} event: the stack driver, its state and the membership
 * view at {@code at}. {@code steady} says whether a HEARTBEATING node's region has become steady (o2hb: three
 * iterations in a row without a membership change; until then the node may still give up with "Unable to stabilize
 * heartbeat" and its view does not yet prove liveness); null when the driver cannot tell (the kernel's mount returns
 * only once the region is steady). {@code hold} says why an OFFLINE stack is held stopped (the pool runs a newer
 * generation than this node, or no longer lists it); null when nothing holds it.
 */
public record ClusterView(String driver, StackState state, String clusterName, List<Member> members, Instant at,
                          Boolean steady, String hold) {
    public ClusterView {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A view that nothing holds. */
    public ClusterView(String driver, StackState state, String clusterName, List<Member> members, Instant at,
                       Boolean steady) {
        this(driver, state, clusterName, members, at, steady, null);
    }

    /** This view with {@code reason} as its hold. */
    public ClusterView held(String reason) {
        return new ClusterView(driver, state, clusterName, members, at, steady, reason);
    }

    /** A view whose driver cannot tell whether the region is steady. */
    public ClusterView(String driver, StackState state, String clusterName, List<Member> members, Instant at) {
        this(driver, state, clusterName, members, at, null);
    }
}

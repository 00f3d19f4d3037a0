package io.o2pool.manager.agents;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One agent's view of the cluster: the config generation its stack runs, the stack's state, the node numbers its
 * configuration lists, the ones it sees live (by disk and network heartbeat), the ones its network layer is
 * connected to (o2net's handshake passed; empty when the agent does not report connections), and when the view was
 * taken by the agent's own clock ({@code at}; null when not reported), the clock its node's fence records use.
 */
public record Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes,
                         Set<Integer> connectedNodes, Instant at) {
    public Membership {
        configuredNodes = Set.copyOf(configuredNodes);
        liveNodes = Set.copyOf(liveNodes);
        connectedNodes = Set.copyOf(connectedNodes);
    }

    /** A view without the agent's time. */
    public Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes,
                      Set<Integer> connectedNodes) {
        this(generation, stack, configuredNodes, liveNodes, connectedNodes, null);
    }

    /** A view without connection data. */
    public Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes) {
        this(generation, stack, configuredNodes, liveNodes, Set.of());
    }

    /**
     * The nodes of {@code expected} this view does not vouch for: when heartbeating, those not live; when online
     * without a heartbeat region, those not configured (liveness cannot be observed there); otherwise all of them.
     */
    public Set<Integer> notVouchedFor(Set<Integer> expected) {
        Set<Integer> missing = new LinkedHashSet<>(expected);
        switch (stack) {
            case HEARTBEATING -> missing.removeAll(liveNodes);
            case ONLINE -> missing.removeAll(configuredNodes);
            case OFFLINE, FENCED -> { }
        }
        return missing;
    }

    /** Whether this view proves liveness (the stack heartbeats). */
    public boolean provesLiveness() {
        return stack == StackStatus.HEARTBEATING;
    }
}

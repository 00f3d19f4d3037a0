package io.o2pool.manager.agents;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One agent's view of the cluster, keeping two facts apart: the node numbers it sees <b>live</b> by the disk
 * heartbeat (o2hb: the shared disk says they write; only the heartbeat decides death) and the ones its network layer
 * is <b>connected</b> to (o2net's handshake passed; a lost connection is not death). Also the config generation its
 * stack runs, the stack's state, the node numbers its configuration lists, its own node number ({@code self}; null
 * when not reported), when the view was taken by the agent's own clock ({@code at}; null when not reported), the
 * clock its node's fence records use, and whether a heartbeating stack is still {@code settling} (its region not yet
 * steady: o2hb may still give up with "Unable to stabilize heartbeat", so its view proves nothing yet), and why its
 * agent holds a stopped stack ({@code hold}: the pool moved on without it, or removed it; null when nothing does).
 */
public record Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes,
                         Set<Integer> connectedNodes, Integer self, Instant at, boolean settling, String hold) {
    public Membership {
        configuredNodes = Set.copyOf(configuredNodes);
        liveNodes = Set.copyOf(liveNodes);
        connectedNodes = Set.copyOf(connectedNodes);
    }

    /** A view whose stack nothing holds. */
    public Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes,
                      Set<Integer> connectedNodes, Integer self, Instant at, boolean settling) {
        this(generation, stack, configuredNodes, liveNodes, connectedNodes, self, at, settling, null);
    }

    /** A view of a steady (or not starting) stack. */
    public Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes,
                      Set<Integer> connectedNodes, Integer self, Instant at) {
        this(generation, stack, configuredNodes, liveNodes, connectedNodes, self, at, false);
    }

    /** A view without its own node number. */
    public Membership(long generation, StackStatus stack, Set<Integer> configuredNodes, Set<Integer> liveNodes,
                      Set<Integer> connectedNodes, Instant at) {
        this(generation, stack, configuredNodes, liveNodes, connectedNodes, null, at);
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
     * The nodes of {@code expected} this view does not vouch for: when heartbeating, those not live and, when the
     * view names its own node, the other nodes it is not connected to (a working cluster needs both); when online
     * without a heartbeat region, those not configured (liveness cannot be observed there); otherwise all of them.
     */
    public Set<Integer> notVouchedFor(Set<Integer> expected) {
        Set<Integer> missing = new LinkedHashSet<>(expected);
        switch (stack) {
            case HEARTBEATING -> {
                if (settling) {
                    return missing; // not steady yet: it vouches for no one, not even itself
                }
                missing.removeAll(liveNodes);
                if (self != null) {
                    expected.stream().filter(n -> !n.equals(self) && !connectedNodes.contains(n))
                            .forEach(missing::add);
                }
            }
            case ONLINE -> missing.removeAll(configuredNodes);
            case OFFLINE, FENCED -> { }
        }
        return missing;
    }

    /** Whether this view sees node {@code n} live by its disk heartbeat (connected or not). */
    public boolean seesLive(int n) {
        return provesLiveness() && liveNodes.contains(n);
    }

    /** Whether this view proves liveness (the stack heartbeats and its region is steady). */
    public boolean provesLiveness() {
        return stack == StackStatus.HEARTBEATING && !settling;
    }
}

package io.o2pool.cluster.quorum;

/**
 * The outcome of one quorum decision. Immutable.
 *
 * @param fence            true when this node must fence itself
 * @param rule             which rule fired (null when not fencing)
 * @param message          the kernel's log text for the outcome
 * @param heartbeating     nodes heartbeating, this node included
 * @param connected        nodes connected, this node included
 * @param lowest           the lowest heartbeating node number (255 if none)
 * @param lowestReachable  whether the lowest heartbeating node is connected
 */
public record QuorumVerdict(boolean fence, FenceRule rule, String message, int heartbeating, int connected,
        int lowest, boolean lowestReachable) {

    /** The rules that make a node fence itself. */
    public enum FenceRule {
        /** Connected to fewer nodes than a quorum of the heartbeating nodes. */
        QUORUM_MINORITY,
        /** Connected to exactly half of an even number of nodes, without the lowest heartbeating node. */
        QUORUM_HALF_WITHOUT_LOWEST,
        /** The disk heartbeat write did not complete within the write timeout. */
        WRITE_TIMEOUT
    }
}

package io.o2pool.cluster.quorum;

import io.o2pool.cluster.heartbeat.HeartbeatTiming;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import java.util.BitSet;

/**
 * The kernel's quorum rule ({@code quorum.c: o2quo_make_decision}), as a pure function: a node that has
 * given up on connecting to a majority of the nodes still heartbeating fences itself; with an even count,
 * the half that holds the lowest heartbeating node survives. Decides only when this node heartbeats and
 * more than one node does.
 */
public final class QuorumDecision {
    private QuorumDecision() {
    }

    /**
     * Decides for node {@code self} given who heartbeats and who is connected (both sets include this node
     * when it heartbeats and listens).
     */
    public static QuorumVerdict decide(int self, BitSet heartbeating, BitSet connected) {
        int hb = heartbeating.cardinality();
        int conn = connected.cardinality();
        int lowest = heartbeating.nextSetBit(0);
        if (lowest < 0) {
            lowest = HeartbeatTiming.MAX_NODES;
        }
        boolean lowestReachable = lowest != HeartbeatTiming.MAX_NODES && connected.get(lowest);
        String notFencing = String.format("not fencing this node, heartbeating: %d, connected: %d, lowest: %d (%sreachable)",
                hb, conn, lowest, lowestReachable ? "" : "un");
        if (!heartbeating.get(self) || hb == 1) {
            return new QuorumVerdict(false, null, notFencing, hb, conn, lowest, lowestReachable);
        }
        if ((hb & 1) == 1) {
            // the odd numbered cluster case is straight forward: if we can't talk to the majority we're hosed
            int quorum = (hb + 1) / 2;
            if (conn < quorum) {
                return new QuorumVerdict(true, FenceRule.QUORUM_MINORITY, minority(conn, quorum, hb), hb, conn, lowest,
                        lowestReachable);
            }
        } else {
            // even: each half may talk among itself; the half without the lowest numbered node is hosed
            int quorum = hb / 2;
            if (conn < quorum) {
                return new QuorumVerdict(true, FenceRule.QUORUM_MINORITY, minority(conn, quorum, hb), hb, conn, lowest,
                        lowestReachable);
            }
            if (conn == quorum && !lowestReachable) {
                return new QuorumVerdict(true, FenceRule.QUORUM_HALF_WITHOUT_LOWEST, String.format(
                        "fencing this node because it is connected to a half-quorum of %d out of %d nodes which "
                        + "doesn't include the lowest active node %d", quorum, hb, lowest), hb, conn, lowest,
                        lowestReachable);
            }
        }
        return new QuorumVerdict(false, null, notFencing, hb, conn, lowest, lowestReachable);
    }

    private static String minority(int conn, int quorum, int hb) {
        return String.format("fencing this node because it is only connected to %d nodes and %d is needed to make a "
                + "quorum out of %d heartbeating nodes", conn, quorum, hb);
    }
}

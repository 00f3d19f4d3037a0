package io.o2pool.cluster.heartbeat;

import java.util.BitSet;

/**
 * What a node does when its negotiate timer fires, half the write timeout after the write timeout was last armed
 * ({@code heartbeat.c: o2hb_nego_timeout}, Linux 4.7 and later), as a pure function. The lowest live node is the
 * master: it counts itself as hung and, once the nodes that reported a hung write (its own included) are exactly
 * the live nodes, approves (re-arms its own write timeout and sends {@link NegoMessage.Type#APPROVE} to every other
 * live node); until then it looks again every second. Any other node sends {@link NegoMessage.Type#TIMEOUT} to the
 * master, once per arming. Nothing is negotiated when the last heartbeat iteration failed (an I/O error: the write
 * timeout must fence). Immutable.
 *
 * @param action  what to do
 * @param master  the lowest live node ({@link HeartbeatTiming#MAX_NODES} when none is live)
 * @param targets the nodes to send APPROVE to (empty unless {@link Action#APPROVE})
 */
public record NegoDecision(Action action, int master, BitSet targets) {
    /** {@code schedule_delayed_work(&reg->hr_nego_timeout_work, msecs_to_jiffies(1000))}: the master's re-check. */
    public static final int MASTER_RECHECK_MS = 1000;

    public NegoDecision {
        targets = (BitSet) targets.clone();
    }

    /** The outcomes of {@code o2hb_nego_timeout}. */
    public enum Action {
        /** The last heartbeat iteration failed ({@code hr_last_hb_status}): do nothing, let the write timeout fence. */
        SKIP_LAST_HEARTBEAT_FAILED,
        /** Not the master: send TIMEOUT to the master (once; the timer is not re-queued). */
        REPORT_TO_MASTER,
        /** The master, and some live node has not reported yet: look again in {@link #MASTER_RECHECK_MS}. */
        WAIT_FOR_ALL,
        /** The master, and every live node reported: re-arm our write timeout, send APPROVE to the others. */
        APPROVE
    }

    /** The negotiate timer's targets as a copy. */
    @Override
    public BitSet targets() {
        return (BitSet) targets.clone();
    }

    /**
     * Decides for node {@code self}.
     *
     * @param live                 the live nodes ({@code o2hb_fill_node_map}), this node included once steady
     * @param reported             the nodes whose TIMEOUT this node received since it last armed the write timeout
     *                             ({@code hr_nego_node_bitmap}); the master's own report is added here
     * @param lastHeartbeatFailed  the last completed iteration returned an error ({@code hr_last_hb_status != 0})
     */
    public static NegoDecision decide(int self, BitSet live, BitSet reported, boolean lastHeartbeatFailed) {
        int master = live.nextSetBit(0);
        if (master < 0) {
            master = HeartbeatTiming.MAX_NODES; // find_first_bit of an empty map
        }
        if (lastHeartbeatFailed) {
            return new NegoDecision(Action.SKIP_LAST_HEARTBEAT_FAILED, master, new BitSet());
        }
        if (master != self) {
            return new NegoDecision(Action.REPORT_TO_MASTER, master, new BitSet());
        }
        BitSet hung = (BitSet) reported.clone();
        hung.set(self);
        if (!hung.equals(live)) { // memcmp of the whole bitmaps: an extra reporter blocks approval too
            return new NegoDecision(Action.WAIT_FOR_ALL, master, new BitSet());
        }
        BitSet others = (BitSet) live.clone();
        others.clear(self);
        return new NegoDecision(Action.APPROVE, master, others);
    }
}

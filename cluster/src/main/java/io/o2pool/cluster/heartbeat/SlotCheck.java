package io.o2pool.cluster.heartbeat;

/**
 * What one {@code o2hb_check_slot} pass concluded about a slot: whether the node came up or went down, and
 * what the slot showed. Immutable.
 *
 * @param node            the slot's node number
 * @param change          UP, DOWN or NONE
 * @param downReason      why a DOWN happened (null otherwise)
 * @param badCrc          the block's checksum was wrong (counted as a missed sample on a live slot)
 * @param block           the decoded block (as read, even when the checksum is bad)
 * @param equalSamples    consecutive unchanged samples after this check (the "missed" count)
 * @param changedSamples  sequence changes counted after this check
 */
public record SlotCheck(int node, Change change, DownReason downReason, boolean badCrc, HeartbeatBlock block,
        int equalSamples, int changedSamples) {

    /** The outcome for membership. */
    public enum Change {
        /** Nothing changed for callers. */
        NONE,
        /** The node became live: callers must run their node-up work (quorum hold, o2net connect). */
        UP,
        /** The node is dead or left cleanly: callers must run their node-down work. */
        DOWN
    }

    /** Why a live node was dropped. */
    public enum DownReason {
        /** {@code dead_threshold} consecutive samples without a sequence change. */
        MISSED_SAMPLES,
        /** The generation changed to 0: the node stopped cleanly. */
        CLEAN_STOP,
        /** The generation changed to another non-zero value: the node restarted. */
        GENERATION_CHANGED,
        /** This node stopped its own heartbeat and shut its slots down ({@code o2hb_shutdown_slot}). */
        LOCAL_SHUTDOWN
    }
}

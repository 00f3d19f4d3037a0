package io.o2pool.cluster.health;

/** How a node's heartbeat looks to an operator, from {@link HealthJudge}. */
public enum HealthLevel {
    /** Writes complete well within the write timeout and every live peer's slot changes: nothing to do. */
    OK,
    /**
     * A fence may be coming: this node's heartbeat writes are (or were, within the window) slower than half the write
     * timeout, or a live peer's slot has not changed for more than half the dead bound. Check the shared storage
     * (and the peer) before the write timeout or the dead threshold acts.
     */
    WARNING
}

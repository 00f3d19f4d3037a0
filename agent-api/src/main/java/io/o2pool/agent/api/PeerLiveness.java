package io.o2pool.agent.api;

/** How the node deciding about a lease sees a lease holder, from its own cluster stack (the disk heartbeat only). */
public enum PeerLiveness {
    /** Its heartbeat advances in this node's view: it may be running the VM. */
    LIVE,
    /**
     * Declared dead by this node's disk heartbeat (evicted: its slot stopped for the dead threshold, or it left the
     * region cleanly): it has fenced itself or stopped, and its guard has destroyed its guests.
     */
    DEAD,
    /**
     * This node cannot tell: its stack is not heartbeating, the holder is not in its configuration, or only a lost
     * connection or an unreachable agent is known. Never treated as death.
     */
    UNKNOWN
}

package io.o2pool.agent.api;

/** The state of this node's cluster stack, as {@code GET /v1/cluster} reports it. */
public enum StackState {
    /** No cluster is registered on this node; the manager may stage and commit a configuration, then bring it online. */
    OFFLINE,
    /** The cluster is registered (configfs or the userspace stack) but no heartbeat region is running: nothing is mounted. */
    ONLINE,
    /** The node heartbeats on at least one region and takes part in membership and quorum; do not change timeouts now. */
    HEARTBEATING,
    /** The node lost quorum and fenced itself; it must be restarted (the kernel resets the machine) before it rejoins. */
    FENCED
}

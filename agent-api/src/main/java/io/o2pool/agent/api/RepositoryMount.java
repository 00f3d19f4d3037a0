package io.o2pool.agent.api;

/**
 * Whether and how the kernel has a repository mounted on this server now, from its mount table entry's
 * {@code heartbeat=} option (read afresh on every call).
 */
public enum RepositoryMount {
    /** An OCFS2 volume not mounted on this server; attach mounts it. */
    UNMOUNTED,
    /** Mounted {@code heartbeat=none}: a local-mode volume, which no other server may mount. */
    HEARTBEAT_NONE,
    /** Mounted {@code heartbeat=local}: cluster mode, the mount started o2hb on the volume itself. */
    HEARTBEAT_LOCAL,
    /** Mounted {@code heartbeat=global}: cluster mode, heartbeating in the global regions of cluster.conf. */
    HEARTBEAT_GLOBAL,
    /**
     * Mounted without a {@code heartbeat=} option: under a user-space cluster stack (the mount's {@code cluster_stack=},
     * named in the note). Do not take it for o2cb cluster mode without checking the stack.
     */
    OTHER_STACK,
    /** A directory repository: nothing to mount, it is used where it is. */
    NOT_A_MOUNT
}

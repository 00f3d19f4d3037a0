package io.o2pool.manager.agents;

/** Whether and how a server's kernel has the pool's repository mounted, from the mount's {@code heartbeat=} option. */
public enum RepositoryMount {
    /** An OCFS2 volume not mounted on the server. */
    UNMOUNTED,
    /** {@code heartbeat=none}: a local-mode mount; no other server may mount the volume. */
    HEARTBEAT_NONE,
    /** {@code heartbeat=local}: cluster mode, heartbeating on the volume itself (what the pool expects). */
    HEARTBEAT_LOCAL,
    /** {@code heartbeat=global}: cluster mode, heartbeating in cluster.conf's global regions. */
    HEARTBEAT_GLOBAL,
    /** Mounted without a {@code heartbeat=} option (another cluster stack): not o2cb cluster mode. */
    OTHER_STACK,
    /** A directory repository: nothing is mounted. */
    NOT_A_MOUNT;

    /** Whether the kernel has a volume mounted (false for {@link #UNMOUNTED} and a directory). */
    public boolean mounted() {
        return switch (this) {
            case HEARTBEAT_NONE, HEARTBEAT_LOCAL, HEARTBEAT_GLOBAL, OTHER_STACK -> true;
            case UNMOUNTED, NOT_A_MOUNT -> false;
        };
    }

    /** The {@code heartbeat=} option as the mount table shows it, for messages; empty when there is none. */
    public String option() {
        return switch (this) {
            case HEARTBEAT_NONE -> "heartbeat=none";
            case HEARTBEAT_LOCAL -> "heartbeat=local";
            case HEARTBEAT_GLOBAL -> "heartbeat=global";
            case OTHER_STACK, UNMOUNTED, NOT_A_MOUNT -> "";
        };
    }
}

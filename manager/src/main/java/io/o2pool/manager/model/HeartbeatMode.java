package io.o2pool.manager.model;

/** O2CB heartbeat mode of a pool: LOCAL heartbeats on each mounted OCFS2 volume, GLOBAL on dedicated regions. */
public enum HeartbeatMode {
    /** Heartbeat on the repository volume itself (mount shows {@code heartbeat=local}); the seed's mode. */
    LOCAL,
    /** Heartbeat on regions named in cluster.conf, independent of mounts. */
    GLOBAL
}

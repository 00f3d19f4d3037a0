package io.o2pool.manager.agents;

import java.util.Locale;

/** The mode of the pool's OCFS2 repository volume, as a server's agent read it from the superblock. */
public enum VolumeMode {
    /**
     * Local mode ({@code mkfs.ocfs2 -M local}, mounted {@code heartbeat=none}): one server only. Creating a cluster on
     * it plans a conversion ({@code tunefs.ocfs2 -M cluster -N <slots>}), which needs every VM on it stopped.
     */
    LOCAL,
    /** Cluster mode: every server mounting it needs the cluster stack online first. */
    CLUSTER;

    /** {@code local} or {@code cluster}, as the UI and notes show it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}

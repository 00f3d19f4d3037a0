package io.o2pool.ocfs2.superblock;

/** Whether an OCFS2 volume is mounted by one node only or by a cluster, from its {@code LOCAL_MOUNT} feature bit. */
public enum VolumeMode {
    /**
     * {@code LOCAL_MOUNT} set: single-node volume, mounted {@code heartbeat=none}. Before a second server can share
     * it, it must be switched to cluster mode ({@code tunefs.ocfs2 -M cluster -N <slots>}) with no VM running.
     */
    LOCAL,
    /** {@code LOCAL_MOUNT} clear: every node mounting it must run the cluster stack named in the superblock. */
    CLUSTER;

    /** Lower-case name as printed by {@code o2pool ocfs2 inspect}. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

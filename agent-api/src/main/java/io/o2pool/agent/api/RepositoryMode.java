package io.o2pool.agent.api;

/**
 * The mode of a repository's volume, as its OCFS2 superblock records it ({@code LOCAL_MOUNT} feature bit) — or, where
 * the superblock cannot be read, as the mount's {@code heartbeat=} option implies. Not the same as how it is mounted
 * now: see {@link RepositoryMount}.
 */
public enum RepositoryMode {
    /**
     * A local-mode OCFS2 volume ({@code mkfs.ocfs2 -M local}), mounted {@code heartbeat=none} by one server only.
     * Before a second server shares it, convert it ({@code POST /v1/repository/convert-to-cluster}) with the volume
     * unmounted, no VM running on it and the cluster stack online.
     */
    LOCAL,
    /** A cluster-mode OCFS2 volume: every server mounting it must have the cluster stack online first. */
    CLUSTER,
    /** Not an OCFS2 volume: a shared directory repository, used where it is; there is no mode to convert. */
    NOT_OCFS2
}

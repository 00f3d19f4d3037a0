package io.o2pool.manager.model;

/** Kind of shared repository a pool keeps its VM images on; OCFS2 is the default, as in the seed. */
public enum RepositoryType {
    /** A shared block device (or image) with an OCFS2 filesystem, mounted in cluster mode on every server. */
    OCFS2,
    /** An NFS export; no OCFS2 slots, but the O2CB cluster still provides membership. */
    NFS
}

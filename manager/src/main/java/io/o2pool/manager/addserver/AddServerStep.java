package io.o2pool.manager.addserver;

import io.o2pool.manager.change.ChangeStep;

/** The steps of Add Server (one server or a batch: one generation for all), in order. */
public enum AddServerStep implements ChangeStep {
    /** Every check at once (facts, agent preflight, names, addresses, drift, connectivity), then the plan. */
    PREFLIGHT,
    /**
     * Reserve the generation and record each newcomer's node number, node name and cluster address; enrol this
     * manager's certificate with each newcomer's agent (its password is then erased).
     */
    ALLOCATE,
    /**
     * With grow slots: unmount the repository on every member, raise the volume's node slots (tunefs.ocfs2 -N, which
     * ocfs2-tools runs offline only), mount it again.
     */
    GROW_SLOTS,
    /** Stage the new generation's files on every member and newcomer. */
    STAGE,
    /** Make the generation live everywhere; running stacks learn the new nodes. */
    COMMIT,
    /** Start the newcomers' stacks (and any member's that is offline). */
    START_STACK,
    /** The first server of a pool switches a local-mode OCFS2 repository to cluster mode. */
    PREPARE_REPOSITORY,
    /** Mount the repository on the newcomers and verify its UUID and mode. */
    ATTACH_REPOSITORY,
    /** Wait until every node sees every node live. */
    WAIT_LIVE
}

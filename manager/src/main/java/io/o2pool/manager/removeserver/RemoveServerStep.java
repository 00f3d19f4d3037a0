package io.o2pool.manager.removeserver;

import io.o2pool.manager.change.ChangeStep;

/** The steps of Remove Server, in order: the server leaves the cluster before the others drop it. */
public enum RemoveServerStep implements ChangeStep {
    /** The server answers and runs no VM; every remaining member answers; then the plan. */
    VALIDATE,
    /** Live-migrate the VMs o2pool runs there to the other live servers (graceful removal only). */
    DRAIN_VMS,
    /** Reserve the generation without the server. */
    ALLOCATE,
    /** Stage the generation on every remaining member. */
    STAGE,
    /** Unmount the repository on the server leaving. */
    DETACH_REPOSITORY,
    /** Stop the leaving server's stack (it stops heartbeating cleanly). */
    STOP_STACK,
    /** Commit the generation on every remaining member; their stacks drop the node. */
    COMMIT,
    /** Tell the server that left that it no longer belongs to the pool (graceful removal only). */
    FORGET_POOL
}

package io.o2pool.manager.changetimeouts;

import io.o2pool.manager.change.ChangeStep;

/**
 * The steps of Change Timeouts, in order. Connected o2cb nodes refuse peers whose timeouts differ and the kernel takes
 * new values only while no peer is connected, so the whole cluster stops heartbeating, takes the new generation and
 * starts again.
 */
public enum ChangeTimeoutsStep implements ChangeStep {
    /** Every member reachable and running no VM; the wanted timeouts differ from the pool's; then the plan. */
    VALIDATE,
    /** With stop_vms: shut down the VMs o2pool runs on the members (they are started again last). */
    STOP_VMS,
    /** Reserve the generation. */
    ALLOCATE,
    /** Stage the generation with the new o2cb defaults on every member. */
    STAGE,
    /** Unmount the repository everywhere (no VM uses it). */
    DETACH_REPOSITORY,
    /** Stop every member's stack. */
    STOP_STACK,
    /** Commit the generation everywhere; the pool records the new timeouts. */
    COMMIT,
    /** Start every member's stack with the new timeouts. */
    START_STACK,
    /** Mount the repository everywhere again. */
    ATTACH_REPOSITORY,
    /** Wait until every node sees every node live. */
    WAIT_LIVE,
    /** With stop_vms: start the stopped VMs again on the servers they ran on. */
    START_VMS
}

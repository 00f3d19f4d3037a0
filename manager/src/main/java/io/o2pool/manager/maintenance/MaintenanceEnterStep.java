package io.o2pool.manager.maintenance;

import io.o2pool.manager.change.ChangeStep;

/** The steps of entering maintenance, in order. */
public enum MaintenanceEnterStep implements ChangeStep {
    /** The server is ACTIVE, its agent answers and no VM runs on it; then the plan. */
    VALIDATE,
    /** Live-migrate the VMs o2pool runs there to the other live servers (a drain): none stops. */
    DRAIN_VMS,
    /** Unmount the repository on the server. */
    DETACH_REPOSITORY,
    /** Stop its stack cleanly: the other members see it leave; they expect it dead, no alarm. */
    STOP_STACK
}

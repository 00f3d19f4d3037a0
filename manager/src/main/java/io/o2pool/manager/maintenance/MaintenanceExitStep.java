package io.o2pool.manager.maintenance;

import io.o2pool.manager.change.ChangeStep;

/**
 * The steps of bringing a server back (from maintenance, or after it was dead), in order: it never starts its stack on
 * a configuration older than the pool's.
 */
public enum MaintenanceExitStep implements ChangeStep {
    /** The server's agent answers; what it runs is compared with the pool's generation; then the plan. */
    VALIDATE,
    /** Stop its stack if it runs (it may have started on stale files after a reboot). */
    STOP_STACK,
    /** Stage the pool's current files (only when it missed generations or its files differ). */
    STAGE,
    /** Commit them: it now runs the pool's generation. */
    COMMIT,
    /** Start its stack with the pool's configuration. */
    START_STACK,
    /** Mount the repository and verify it. */
    ATTACH_REPOSITORY,
    /** Wait until every node sees every node live. */
    WAIT_LIVE
}

package io.o2pool.manager.model;

/** The life of one persisted job step: PENDING → RUNNING → SUCCEEDED | FAILED, and ROLLED_BACK once undone. */
public enum StepStatus {
    /** Not started yet. */
    PENDING,
    /** Started; after a restart the engine runs it again, which is safe because every step is idempotent. */
    RUNNING,
    /** Done; its effect is in place until a rollback undoes it. */
    SUCCEEDED,
    /** Failed; its message says why. The engine then rolls back the earlier steps. */
    FAILED,
    /** It had succeeded (or partly run) and its effect has been undone by the job's rollback. */
    ROLLED_BACK
}

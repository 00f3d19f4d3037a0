package io.o2pool.manager.drift;

import io.o2pool.manager.change.ChangeStep;

/** The steps of Re-sync, in order. */
public enum ResyncStep implements ChangeStep {
    /** Read every member's live files; find the drifted ones; then the plan (no further steps when none drifted). */
    CHECK,
    /** Reserve a generation above every member's own (agents refuse older ones). */
    ALLOCATE,
    /** Stage the pool's files as that generation on every member. */
    STAGE,
    /** Commit it everywhere: every member runs identical bytes at one generation again. */
    COMMIT
}

package io.o2pool.agent.api;

/** What a stage, commit, abort, rollback or forget call did; the repeated call of an already-done step reports ALREADY_* and changes nothing. */
public enum ChangeOutcome {
    /** The generation was validated and written beside the live files; commit it next. */
    STAGED,
    /** This exact generation was already staged; nothing was written. */
    ALREADY_STAGED,
    /** The generation is now live and the running stack was told. */
    COMMITTED,
    /** This exact generation is already live; nothing was written. */
    ALREADY_LIVE,
    /** The staged generation was dropped; the live files are untouched. */
    ABORTED,
    /** There was nothing staged to abort. */
    NOTHING_STAGED,
    /** The previous generation is live again (a rollback) and the running stack was told. */
    ROLLED_BACK,
    /** The node left its pool: the live configuration was removed (kept in the agent's archive), nothing is staged. */
    FORGOTTEN,
    /** No configuration was live: nothing to forget. */
    NOTHING_LIVE
}

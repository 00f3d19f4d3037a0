package io.o2pool.agent.config;

/**
 * The steps of stage and commit between which a crash can happen, in execution order. Tests make the agent stop
 * at one of them and {@code kill -9} it there, then check the live files are one whole generation.
 */
public enum CrashPoint {
    /** Stage: validated, nothing written yet. */
    STAGE_BEGIN,
    /** Stage: the generation's files are archived under {@code STATE/config/generations/N}. */
    STAGE_ARCHIVED,
    /** Stage: the staged copies beside the live files are written and fsynced. */
    STAGE_BESIDE_LIVE_WRITTEN,
    /** Stage: {@code staged.json} recorded; staging is complete. */
    STAGE_RECORDED,
    /** Commit: the commit intent (journal) is recorded; no live file changed yet. */
    COMMIT_INTENT_RECORDED,
    /** Commit: cluster.conf renamed into place; the o2cb defaults file is still the old one. */
    COMMIT_CLUSTER_CONF_RENAMED,
    /** Commit: both live files renamed into place; {@code live.json} still names the old generation. */
    COMMIT_O2CB_RENAMED,
    /** Commit: {@code live.json} names the new generation; the intent is not yet cleared. */
    COMMIT_LIVE_RECORDED,
    /** Commit: done on disk; the running stack not yet told. */
    COMMIT_DONE
}

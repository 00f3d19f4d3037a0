package io.o2pool.manager.model;

/** The life of a job in the engine; exactly one cluster-changing job per pool may be RUNNING or ROLLING_BACK. */
public enum JobStatus {
    /** Waiting for the pool's running job to end; callers poll or follow events. */
    QUEUED,
    /** Steps are executing; after a manager restart the engine resumes it. */
    RUNNING,
    /** A step failed and the engine is undoing the steps that succeeded; after a restart it continues undoing. */
    ROLLING_BACK,
    /** Every step succeeded; final. */
    SUCCEEDED,
    /** A step failed (named in the job) and every earlier change was undone; final. Retry creates a new linked job. */
    FAILED;

    /** Whether the job will not change any more. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}

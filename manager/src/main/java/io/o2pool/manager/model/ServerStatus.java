package io.o2pool.manager.model;

/**
 * Where a server is in its life in the pool; the UI shows it, the status monitor and the job engine move it. Only the
 * disk heartbeat decides death: a server whose agent does not answer may still write to the shared disk.
 */
public enum ServerStatus {
    /** An Add Server job is running for it; callers wait for ACTIVE or ERROR and must not start another change on it. */
    ADDING,
    /** Every member lists it in its committed cluster.conf and its stack runs; VMs may run on it. */
    ACTIVE,
    /**
     * Its agent does not answer, but live members still see its heartbeat (or none can tell): it may be writing to the
     * shared disk. Callers must not act on it as if dead (no forced removal, no VM restart elsewhere) and must not
     * change the cluster without it.
     */
    UNREACHABLE,
    /**
     * Every heartbeating member's disk heartbeat has declared it dead and none sees it live: it no longer writes to the
     * shared disk. Cluster changes proceed without it; it may be removed with force.
     */
    DEAD,
    /** DEAD by its own stack's decision: it fenced itself (quorum lost, heartbeat write timeout); a record says why. */
    FENCED,
    /** An operator took it out for maintenance: its stack is stopped and its repository detached; no alarm. */
    MAINTENANCE,
    /** A job failed for it, or its own view contradicts its peers'; the reason names the step or the observers. */
    ERROR,
    /** A Remove Server job is running; callers wait until the row disappears or turns ERROR. */
    REMOVING;

    /** Whether the disk heartbeat says the server no longer writes to the shared disk (DEAD or FENCED). */
    public boolean isDead() {
        return this == DEAD || this == FENCED;
    }
}

package io.o2pool.manager.model;

/** Where a server is in its life in the pool; the UI shows it and the job engine moves it. */
public enum ServerStatus {
    /** An Add Server job is running for it; callers wait for ACTIVE or ERROR and must not start another change on it. */
    ADDING,
    /** Every member lists it in its committed cluster.conf and sees it live; VMs may run on it. */
    ACTIVE,
    /** Its agent or its node stopped answering; callers keep its node number reserved and wait for it to return. */
    UNREACHABLE,
    /** The cluster stack fenced it (quorum lost or heartbeat write timeout); an operator restarts its stack. */
    FENCED,
    /** A job failed for it; the status reason names the step and the cause. Callers may retry (a new job) or remove it. */
    ERROR,
    /** A Remove Server job is running; callers wait until the row disappears or turns ERROR. */
    REMOVING
}

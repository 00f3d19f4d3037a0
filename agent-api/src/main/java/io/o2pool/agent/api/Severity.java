package io.o2pool.agent.api;

/** How much a preflight finding matters to the operation the manager is about to run. */
public enum Severity {
    /** The operation must not run until this is fixed. */
    ERROR,
    /** The operation can run, but the operator should look (e.g. clock skew near the limit). */
    WARNING,
    /** A fact the manager shows (e.g. the running VMs), not a problem. */
    INFO
}

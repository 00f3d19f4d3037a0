package io.o2pool.agent.api;

/**
 * What a cluster stack did when told to go online, go offline or take a committed configuration. Callers decide on
 * this value; the message beside it is for people.
 */
public enum StackOutcome {
    /** The stack went online (kernel: the cluster registered; userspace: the node started or waits for a repository). */
    STARTED,
    /** The stack was online with this cluster already; nothing was started. */
    ALREADY_ONLINE,
    /** The stack went offline (userspace: the node left the cluster cleanly). */
    STOPPED,
    /** The stack was offline already. */
    ALREADY_OFFLINE,
    /** The running stack took the configuration's new nodes live. */
    NODES_ADDED,
    /**
     * The running userspace node could not take the new nodes live, so it left the cluster cleanly and joined again
     * with them (its peers saw it leave and come back, without fencing).
     */
    REJOINED,
    /** The running kernel stack took the configuration's new timeouts (written to configfs). */
    TIMEOUTS_CHANGED,
    /** The running stack already had this configuration; nothing changed. */
    UNCHANGED,
    /**
     * Part of the configuration (removed nodes, timeouts while heartbeating) could not be applied to the running
     * stack; it applies at the next online. Take the stack offline and online again when the pool allows.
     */
    DEFERRED,
    /** The stack is OFFLINE (or has no node yet): the configuration takes effect when it goes online. */
    APPLIES_WHEN_ONLINE,
    /** The node is FENCED: take the stack offline and online again; the configuration applies then. */
    FENCED,
    /**
     * The stack was told but did not end up with every configured node (kernel: configfs still lacks some after
     * {@code o2cb register-cluster}); check the message and the kernel log.
     */
    INCOMPLETE,
    /** The stack refused or failed to take the configuration; the files are live all the same. The message says why. */
    NOT_APPLIED
}

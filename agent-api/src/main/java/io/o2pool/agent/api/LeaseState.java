package io.o2pool.agent.api;

/** The state of a VM's ownership lease ({@link VmLease}); a free lease has no record at all. */
public enum LeaseState {
    /** The owner may run the VM; nobody else may start it until the owner releases it or is evicted (DEAD). */
    HELD,
    /**
     * The owner is live-migrating the VM to {@link VmLease#handoverTo()}: either of the two may be running it, so
     * nobody else may start it; the destination confirms (HELD by it) or the source takes it back (HELD by it).
     */
    HANDOVER
}

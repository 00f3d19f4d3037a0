package io.o2pool.manager.model;

/**
 * What the manager knows of a VM. RUNNING, STOPPED, PAUSED and CRASHED come from the agent whose libvirt runs (or
 * last ran) it; the others are the manager's own conclusions, which never claim more than the disk heartbeat allows.
 */
public enum VmState {
    /** Defined in the pool, never started (or stopped by an operator). */
    STOPPED,
    /** A job is starting it. */
    STARTING,
    /** Its server's hypervisor reports it running. */
    RUNNING,
    /** Its server's hypervisor reports it paused (e.g. the last instant of a live migration). */
    PAUSED,
    /** A live migration job is moving it; it runs on its source until the destination takes over. */
    MIGRATING,
    /** A job is stopping it. */
    STOPPING,
    /** The hypervisor reports it crashed (QEMU died); it stays down until started. */
    CRASHED,
    /**
     * Its server's agent does not answer while the disk heartbeat says the server lives: the VM may still run there, so
     * nothing starts it elsewhere.
     */
    UNKNOWN,
    /**
     * Its server died (the disk heartbeat declared it DEAD or FENCED), so it no longer runs; not HA (or no survivor
     * could take it), so it stays down until started.
     */
    DOWN,
    /** Its server died; it is HA and a job restarts it on a survivor. */
    RESTARTING;

    /** Whether the VM may be running (or about to be) on its server: it holds its server until it is stopped. */
    public boolean mayRun() {
        return switch (this) {
            case STARTING, RUNNING, PAUSED, MIGRATING, STOPPING, UNKNOWN -> true;
            case STOPPED, CRASHED, DOWN, RESTARTING -> false;
        };
    }
}

package io.o2pool.agent.api;

/** The state of one VM on one server, as its VM driver sees it ({@code GET /v1/vms}). */
public enum VmState {
    /** Running on this server; this server holds its lease. Stop, destroy or migrate it here. */
    RUNNING,
    /** Defined and alive on this server but its CPUs are paused (by hand, or libvirt between migration phases). */
    PAUSED,
    /** Being live-migrated away from this server: the lease is in HANDOVER; wait for the migration to end. */
    MIGRATING,
    /** Defined on this server and not running: start it here (taking its lease) or on another member. */
    STOPPED,
    /**
     * Stopped without being asked (the guest crashed, QEMU was killed, a fence or the guard destroyed it): nothing
     * runs; start it again where the lease allows.
     */
    CRASHED,
    /** Not defined on this server (answered after {@code DELETE}, or for a name only the repository knows). */
    MISSING,
    /** The driver could not tell (libvirt unreachable); the reason says why. Do not assume it stopped. */
    UNKNOWN;

    /** Whether a QEMU (or stand-in process) of this VM may be alive on this server: everything but STOPPED, CRASHED, MISSING. */
    public boolean mayRun() {
        return switch (this) {
            case RUNNING, PAUSED, MIGRATING, UNKNOWN -> true;
            case STOPPED, CRASHED, MISSING -> false;
        };
    }
}

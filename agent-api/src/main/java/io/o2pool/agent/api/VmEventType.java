package io.o2pool.agent.api;

/** What happened to a VM ({@link VmEvent#type()}); libvirt's own words are in the event's detail. */
public enum VmEventType {
    /** Defined on this server's libvirt (or process driver); detail: {@code Defined Added} / {@code Defined Updated}. */
    DEFINED,
    /** Removed from this server's driver; the repository's definition is removed by {@code DELETE} only. */
    UNDEFINED,
    /** Booted here ({@code Started Booted}). */
    STARTED,
    /** CPUs paused ({@code Suspended …}); during a migration the source pauses once before it stops. */
    PAUSED,
    /** CPUs resumed ({@code Resumed …}). */
    RESUMED,
    /** Arrived here by live migration ({@code Started Migrated}, {@code Resumed Migrated}). */
    MIGRATED_IN,
    /** Left this server by live migration ({@code Stopped Migrated}). */
    MIGRATED_OUT,
    /** Stopped on request: guest shut down ({@code Stopped Shutdown}) or destroyed ({@code Stopped Destroyed}). */
    STOPPED,
    /** Stopped without a request ({@code Stopped Crashed}, {@code Stopped Failed}, a stand-in that died). */
    CRASHED,
    /** This server took the VM's lease (start, takeover of a dead holder's lease, migration confirmed). */
    LEASE_ACQUIRED,
    /** This server gave the VM's lease up (stop, destroy, undefine). */
    LEASE_RELEASED,
    /** This server marked the lease HANDOVER to a migration's destination. */
    LEASE_HANDOVER,
    /** This server refused to start the VM because another server holds its lease; detail: the refusal. */
    LEASE_REFUSED,
    /** The guard of this server destroyed the VM because this node's own heartbeat stopped advancing. */
    GUARD_KILLED
}

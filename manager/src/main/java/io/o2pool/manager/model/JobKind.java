package io.o2pool.manager.model;

/** The kinds of cluster-changing jobs the engine runs; each has a handler registered with the engine. */
public enum JobKind {
    /** Add one server to a pool (a new config generation with the node added). */
    ADD_SERVER,
    /** Add several servers in one job and one generation. */
    BATCH_ADD,
    /** Remove a server (a new config generation without the node on every remaining member). */
    REMOVE_SERVER,
    /** Change the pool's o2cb timeouts on every node (stop heartbeating, change, restart). */
    CHANGE_TIMEOUTS,
    /** Bring drifted members back to the pool's configuration (a new generation with the pool's files everywhere). */
    RESYNC,
    /** Take a live server out for maintenance: detach its repository, stop its stack; it stays in the cluster. */
    MAINTENANCE_ENTER,
    /** Bring a server back from maintenance: re-sync its files to the pool's generation, start its stack, attach. */
    MAINTENANCE_EXIT,
    /** Define a VM in the pool: its definition is written to the shared repository through a live member. */
    VM_CREATE,
    /** Start a VM on a chosen or the least loaded live server (which takes its ownership lease). */
    VM_START,
    /** Shut a VM down (ACPI, then forced off after a timeout). */
    VM_STOP,
    /** Live-migrate a running VM between two live servers. */
    VM_MIGRATE,
    /** Delete a stopped VM's definition. */
    VM_DELETE,
    /** Restart the HA VMs of a server the disk heartbeat declared dead on the survivors. */
    VM_HA_RESTART
}

package io.o2pool.manager.model;

import java.time.Instant;

/**
 * A virtual machine defined in a pool.
 *
 * @param name unique across the manager; the libvirt domain name on every server
 * @param uuid the domain UUID, fixed at creation so the VM is the same domain wherever it runs
 * @param image the disk image, a path inside the pool's repository
 * @param ha whether it is restarted on a survivor when its server dies
 * @param preferredServer the server it starts on when none is named (null: the least loaded live one)
 * @param serverId the server it runs on or last ran on (null: never placed)
 * @param desired what the operator asked for: RUNNING or STOPPED
 * @param state what the agents report or the manager concluded
 */
public record Vm(
        long id,
        long poolId,
        String name,
        String uuid,
        int vcpus,
        int memoryMib,
        String image,
        boolean ha,
        String preferredServer,
        Long serverId,
        VmState desired,
        VmState state,
        String stateReason,
        Instant createdAt,
        Instant updatedAt) {

    /** The defaults of {@code o2pool vm create}: the tiny test guest needs 96 MiB at least. */
    public static final int DEFAULT_MEMORY_MIB = 96;
    public static final int MIN_MEMORY_MIB = 96;
    public static final int DEFAULT_VCPUS = 1;

    public boolean wantsRunning() {
        return desired == VmState.RUNNING;
    }

    /** Whether it runs or last ran on {@code server}. */
    public boolean placedOn(Server server) {
        return serverId != null && serverId == server.id();
    }

    /** Whether it may be running on {@code server} now (placed there, in a state that {@link VmState#mayRun}). */
    public boolean mayRunOn(Server server) {
        return placedOn(server) && state.mayRun();
    }
}

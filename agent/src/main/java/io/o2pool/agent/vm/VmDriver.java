package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.api.VmLayer;
import io.o2pool.agent.api.VmStatus;
import io.o2pool.agent.api.VmStopResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The VMs of this server behind one interface ({@code libvirt}, {@code process} or {@code none}): per-VM lifecycle,
 * live migration, lifecycle events, and the seed's "stop every running VM" step. Knows nothing of leases or the
 * repository ({@link VmService} does); a failure is a {@link VmDriverException} with the driver's words, an unknown
 * VM a {@link NoSuchVmException}. Implementations are thread-safe.
 */
public interface VmDriver {
    /** {@code libvirt}, {@code process} or {@code none}. */
    String name();

    /** The VMs that may be running now (older shape, for facts and preflight). */
    default List<VmInfo> list() {
        return statuses().stream().filter(s -> s.state().mayRun()).map(VmStatus::info).toList();
    }

    /** Every VM defined on this driver with its state ({@code since} and {@code node} left null). */
    List<VmStatus> statuses();

    /** One VM's state; {@link io.o2pool.agent.api.VmState#MISSING} when not defined here. */
    VmStatus status(String name);

    /** Defines (or redefines) the VM; it must not be running. */
    void define(VmSpec spec);

    /** Starts the defined VM; idempotent while it runs. */
    void start(String name);

    /**
     * Asks the guest to shut down and waits up to {@code timeout}; destroys it if it is still running then (libvirt
     * never escalates by itself). True when it stopped by itself, false when it had to be destroyed.
     */
    boolean shutdown(String name, Duration timeout);

    /** Forces the VM off at once; idempotent for a stopped VM. */
    void destroy(String name);

    /** Removes the VM's definition from this driver; it must be stopped. Idempotent. */
    void undefine(String name);

    /**
     * Live-migrates the running VM to {@code destination}, its definition moving with it; {@code unsafe} when the
     * disk lies on storage libvirt does not know as a cluster file system (a plain directory). On failure the VM
     * keeps running here. A driver that cannot migrate at all says so in {@link #liveMigrates()} and refuses with a
     * {@link io.o2pool.agent.ConflictException} ({@code cannot-migrate}).
     */
    Migration migrate(String name, VmEndpoint destination, boolean unsafe, Duration timeout);

    /**
     * Whether this driver can live-migrate a running VM at all; false (stand-in processes) makes a migration a 409
     * {@code cannot-migrate} refusal before the lease is touched.
     */
    default boolean liveMigrates() {
        return true;
    }

    /** What this driver offers as a migration destination, for node {@code node} (number {@code nodeNumber}). */
    VmEndpoint endpoint(String node, int nodeNumber);

    /** Whether the driver answers now, and if not why and what to do. Never throws. */
    VmLayer probe();

    /** Calls {@code listener} with each lifecycle event until the handle is closed; events come from one thread. */
    AutoCloseable events(Consumer<DomainEvent> listener);

    /** Folders of pid files of the running guests, for the guard ({@code NAME.pid} for libvirt, {@code NAME.vm} records). */
    List<Path> pidDirs();

    /** The user QEMU runs as when it differs from the agent's (a session libvirtd): it must own the VM's files. */
    default java.util.Optional<String> fileOwner() {
        return java.util.Optional.empty();
    }

    /** Asks every running VM to shut down, forces off those still running after {@code timeout}, and reports which was which. */
    default VmStopResult stopAll(Duration timeout) {
        java.util.List<String> stopped = new java.util.ArrayList<>();
        java.util.List<String> forced = new java.util.ArrayList<>();
        java.util.List<String> failed = new java.util.ArrayList<>();
        for (VmStatus vm : statuses()) {
            if (!vm.state().mayRun()) {
                continue;
            }
            try {
                (shutdown(vm.name(), timeout) ? stopped : forced).add(vm.name());
            } catch (RuntimeException e) {
                failed.add(vm.name() + ": " + e.getMessage());
            }
        }
        return new VmStopResult(stopped, forced, failed);
    }

    /** A finished migration as the source measured it; {@code downtimeMs} -1 when the driver did not report it. */
    record Migration(long elapsedMs, long downtimeMs) {
    }
}

package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmLayer;
import io.o2pool.agent.api.VmStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** {@code --vm-driver none}: a server that runs no VMs. Lists none; every VM operation is refused saying so. */
public final class NoVmDriver implements VmDriver {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public List<VmStatus> statuses() {
        return List.of();
    }

    @Override
    public VmStatus status(String name) {
        return new VmStatus(name, io.o2pool.agent.api.VmState.MISSING, "this server runs no VMs (--vm-driver none)",
                name(), 0, null, null);
    }

    @Override
    public void define(VmSpec spec) {
        throw refused(spec.name());
    }

    @Override
    public void start(String name) {
        throw refused(name);
    }

    @Override
    public boolean shutdown(String name, Duration timeout) {
        throw refused(name);
    }

    @Override
    public void destroy(String name) {
        throw refused(name);
    }

    @Override
    public void undefine(String name) {
        throw refused(name);
    }

    @Override
    public Migration migrate(String name, VmEndpoint destination, boolean unsafe, Duration timeout) {
        throw refused(name);
    }

    @Override
    public VmEndpoint endpoint(String node, int nodeNumber) {
        return new VmEndpoint(node, nodeNumber, name(), null, null);
    }

    @Override
    public VmLayer probe() {
        return new VmLayer(name(), null, true, "VMs are disabled on this server (--vm-driver none)", null);
    }

    @Override
    public AutoCloseable events(Consumer<DomainEvent> listener) {
        return () -> { };
    }

    @Override
    public List<Path> pidDirs() {
        return List.of();
    }

    private static VmDriverException refused(String vm) {
        return new VmDriverException("VM " + vm + ": this server runs no VMs (the agent was started with "
                + "--vm-driver none); start it with --vm-driver libvirt or process");
    }
}

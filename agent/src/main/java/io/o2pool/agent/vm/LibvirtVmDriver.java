package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.api.VmStopResult;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * VMs managed by libvirt, through {@code virsh}: list running domains, {@code virsh shutdown} each, wait for its
 * lifecycle event with {@code virsh event --timeout} (libvirt does the waiting), and {@code virsh destroy} the ones
 * still running. All commands go through the injected {@link CommandRunner}.
 */
public final class LibvirtVmDriver implements VmDriver {
    private final CommandRunner runner;

    public LibvirtVmDriver(CommandRunner runner) {
        this.runner = runner;
    }

    /** Whether {@code virsh} is installed and answers (libvirtd running). */
    public static boolean available(CommandRunner runner) {
        return runner.run(List.of("virsh", "--version")).ok();
    }

    @Override
    public String name() {
        return "libvirt";
    }

    @Override
    public List<VmInfo> list() {
        CommandResult result = runner.require(List.of("virsh", "list", "--name", "--state-running"));
        return Arrays.stream(result.stdout().split("\n")).map(String::strip).filter(s -> !s.isEmpty())
                .map(name -> new VmInfo(name, name(), 0, "running")).toList();
    }

    @Override
    public VmStopResult stopAll(Duration timeout) {
        List<String> stopped = new ArrayList<>();
        List<String> forced = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (VmInfo vm : list()) {
            CommandResult shutdown = runner.run(List.of("virsh", "shutdown", vm.name()));
            if (shutdown.ok()) {
                runner.run(List.of("virsh", "event", "--domain", vm.name(), "--event", "lifecycle",
                        "--timeout", Long.toString(Math.max(1, timeout.toSeconds()))));
            }
            if (!running(vm.name())) {
                stopped.add(vm.name());
                continue;
            }
            CommandResult destroy = runner.run(List.of("virsh", "destroy", vm.name()));
            if (destroy.ok() || !running(vm.name())) {
                forced.add(vm.name());
            } else {
                failed.add(vm.name() + ": " + destroy.describe());
            }
        }
        return new VmStopResult(stopped, forced, failed);
    }

    private boolean running(String domain) {
        CommandResult state = runner.run(List.of("virsh", "domstate", domain));
        return state.ok() && state.stdout().strip().equals("running");
    }
}

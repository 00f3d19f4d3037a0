package io.o2pool.cli.demo;

import io.o2pool.agent.vm.ProcessVmDriver;
import io.o2pool.cli.demo.DemoLayout.DemoServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-in VMs for the demo: plain {@code sleep} processes registered with each server's agent through its
 * {@code process} VM driver, so the "stop every VM first" rule can be seen and tried. Stopped with the demo.
 */
final class StandInVms implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    void start(DemoServer server, int count) throws IOException {
        ProcessVmDriver driver = new ProcessVmDriver(server.stateDir().resolve("vms"));
        for (int i = 1; i <= count; i++) {
            Process p = new ProcessBuilder("sleep", "infinity").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(p);
            driver.register(server.name() + "-vm" + i, p.pid());
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package io.o2pool.cli.demo;

import io.o2pool.manager.Manager;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a running demo owns — the in-process manager, the agent processes, each server's libvirtd with its
 * guests, or the stand-in VMs — with one idempotent {@link #close()} that both Ctrl-C (a shutdown hook) and a normal
 * end call, so no process stays behind whichever comes first. Agents stop before their libvirtds (an agent leaving
 * the cluster destroys its guests; the libvirtd's stop destroys any left).
 */
final class DemoRuntime implements AutoCloseable {
    private final PrintStream out;
    private final AgentProcesses agents = new AgentProcesses();
    private final StandInVms vms = new StandInVms();
    private final DemoLibvirts libvirts = new DemoLibvirts();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Manager manager;

    DemoRuntime(PrintStream out) {
        this.out = out;
    }

    AgentProcesses agents() {
        return agents;
    }

    StandInVms vms() {
        return vms;
    }

    DemoLibvirts libvirts() {
        return libvirts;
    }

    Manager manager(Manager started) {
        this.manager = started;
        return started;
    }

    /** Blocks until {@link #close()} runs (on Ctrl-C). */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            stopped.countDown();
            return;
        }
        out.println("o2pool demo: stopping the manager, the agents, their VMs and libvirtds ...");
        out.flush();
        Manager m = manager;
        if (m != null) {
            m.close();
        }
        agents.close();
        libvirts.close();
        vms.close();
        out.println("o2pool demo: stopped");
        out.flush();
        stopped.countDown();
    }
}

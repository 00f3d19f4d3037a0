package io.o2pool.cli.demo;

import io.o2pool.manager.Manager;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a running demo owns — the in-process manager, the agent processes and the stand-in VMs — with one
 * idempotent {@link #close()} that both Ctrl-C (a shutdown hook) and a normal end call, so no process stays behind
 * whichever comes first.
 */
final class DemoRuntime implements AutoCloseable {
    private final PrintStream out;
    private final AgentProcesses agents = new AgentProcesses();
    private final StandInVms vms = new StandInVms();
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
        out.println("o2pool demo: stopping the manager, the agents and their VMs ...");
        out.flush();
        Manager m = manager;
        if (m != null) {
            m.close();
        }
        agents.close();
        vms.close();
        out.println("o2pool demo: stopped");
        out.flush();
        stopped.countDown();
    }
}

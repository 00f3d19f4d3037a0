package io.o2pool.agent.vm.libvirt;

import io.o2pool.agent.vm.DomainEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-running {@code virsh -c URI event --all --loop --timestamp} whose lines become {@link DomainEvent}s on one
 * thread. When virsh exits (libvirtd stopped or restarted: "Disconnected … due to end of file") it is started again
 * after 1 s, doubling up to 10 s while it keeps failing, until {@link #close()}; events of the gap are lost (callers
 * re-read the states). Stopped by PID.
 */
final class VirshEventStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VirshEventStream.class);
    private final List<String> command;
    private final Consumer<DomainEvent> listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Process process;

    VirshEventStream(String uri, Consumer<DomainEvent> listener) {
        this.command = List.of("virsh", "-c", uri, "event", "--all", "--loop", "--timestamp");
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("virsh-events").start(this::run);
    }

    private void run() {
        long backoffMs = 1000;
        while (!closed) {
            long started = System.nanoTime();
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().put("LC_ALL", "C");
                process = builder.start();
                process.getOutputStream().close();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        LibvirtEventLine.parse(line).ifPresent(this::deliver);
                        if (line.startsWith("error:") && !closed) {
                            log.warn("libvirt events: {}", line);
                        }
                    }
                }
                process.waitFor();
            } catch (IOException e) {
                log.warn("libvirt events: cannot run {}: {}", command, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed) {
                return;
            }
            backoffMs = System.nanoTime() - started > 30_000_000_000L ? 1000 : Math.min(backoffMs * 2, 10_000);
            try {
                Thread.sleep(backoffMs); // a restart of virsh, not a decision
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(DomainEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("libvirt events: listener failed on {}: {}", event, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        thread.interrupt();
    }
}

package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.api.VmStopResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMs as plain processes, for hosts without libvirt, the demo and tests: each VM is a file {@code STATE/vms/<name>.vm}
 * with {@code name=} and {@code pid=} lines. Stop is SIGTERM, then SIGKILL for any process still alive after the
 * timeout; the record is removed once the process is gone. A record whose process is gone is not listed.
 */
public final class ProcessVmDriver implements VmDriver {
    private static final Logger log = LoggerFactory.getLogger(ProcessVmDriver.class);
    private final Path dir;

    public ProcessVmDriver(Path vmsDir) {
        this.dir = vmsDir;
    }

    @Override
    public String name() {
        return "process";
    }

    /** Records a running process as a VM (used by the demo and tests to start stand-in VMs). */
    public void register(String name, long pid) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".vm"), "name=" + name + "\npid=" + pid + "\n");
    }

    @Override
    public List<VmInfo> list() {
        return records().stream().filter(r -> r.process().isPresent())
                .map(r -> new VmInfo(r.name(), name(), r.pid(), "running")).toList();
    }

    @Override
    public VmStopResult stopAll(Duration timeout) {
        List<Record> running = records().stream().filter(r -> r.process().isPresent()).toList();
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (Record vm : running) {
            ProcessHandle process = vm.process().orElseThrow();
            log.info("stopping VM {} (pid {}) with SIGTERM", vm.name(), vm.pid());
            process.destroy();
            exits.add(process.onExit());
        }
        List<String> stopped = new ArrayList<>();
        List<String> forced = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        await(CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)), timeout);
        for (int i = 0; i < running.size(); i++) {
            Record vm = running.get(i);
            if (exits.get(i).isDone()) {
                stopped.add(vm.name());
            } else {
                log.warn("VM {} (pid {}) still running after {} s; sending SIGKILL", vm.name(), vm.pid(), timeout.toSeconds());
                vm.process().ifPresent(ProcessHandle::destroyForcibly);
                if (await(exits.get(i), Duration.ofSeconds(10))) {
                    forced.add(vm.name());
                } else {
                    failed.add(vm.name() + ": pid " + vm.pid() + " survived SIGKILL");
                    continue;
                }
            }
            deleteRecord(vm);
        }
        return new VmStopResult(stopped, forced, failed);
    }

    /** Waits for {@code exit} at most {@code timeout}; true when it completed. */
    private static boolean await(CompletableFuture<?> exit, Duration timeout) {
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return exit.isDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Record(String name, long pid, Path file) {
        Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        }
    }

    private List<Record> records() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Record> records = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".vm")).sorted().toList()) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
                String pid = p.getProperty("pid", "");
                if (!pid.matches("\\d{1,10}")) {
                    log.warn("ignoring VM record {}: pid '{}' is not a number", file, pid);
                    continue;
                }
                String fallback = file.getFileName().toString().replaceFirst("\\.vm$", "");
                records.add(new Record(p.getProperty("name", fallback), Long.parseLong(pid), file));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read VM records in " + dir, e);
        }
    }

    private static void deleteRecord(Record vm) {
        try {
            Files.deleteIfExists(vm.file());
        } catch (IOException e) {
            log.warn("cannot remove VM record {}: {}", vm.file(), e.getMessage());
        }
    }
}

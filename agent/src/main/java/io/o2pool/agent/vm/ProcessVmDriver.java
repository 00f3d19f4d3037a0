package io.o2pool.agent.vm;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.VmEndpoint;
import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.api.VmLayer;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.api.VmStatus;
import io.o2pool.agent.config.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VMs as plain processes, for hosts without libvirt, the demo and tests: each VM is a record {@code DIR/<name>.vm}
 * of {@code name=}, {@code pid=} (0 or absent when stopped) and {@code defined=} lines; {@link #start} runs a
 * stand-in process ({@code sleep}, by default) and records its pid, {@link #register} records a process started
 * elsewhere. Stop is SIGTERM, then SIGKILL after the timeout. A record whose process is gone without a stop is
 * CRASHED. Cannot live-migrate: {@link #migrate} refuses (HTTP 409 {@code cannot-migrate}). Thread-safe.
 */
public final class ProcessVmDriver implements VmDriver {
    private static final Logger log = LoggerFactory.getLogger(ProcessVmDriver.class);
    private static final List<String> STAND_IN = List.of("sleep", "2147483647");
    private final Path dir;
    private final Clock clock;
    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();

    public ProcessVmDriver(Path vmsDir) {
        this(vmsDir, Clock.systemUTC());
    }

    public ProcessVmDriver(Path vmsDir, Clock clock) {
        this.dir = vmsDir;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "process";
    }

    /** Records a running process as a VM (used by the demo and tests to start stand-in VMs). */
    public void register(String name, long pid) throws IOException {
        write(new Record(name, pid, true));
        watch(name, pid);
    }

    @Override
    public synchronized List<VmStatus> statuses() {
        return records().stream().map(this::status).toList();
    }

    @Override
    public synchronized VmStatus status(String name) {
        return read(name).map(this::status)
                .orElseGet(() -> new VmStatus(name, VmState.MISSING, "no record in " + dir, name(), 0, null, null));
    }

    private VmStatus status(Record r) {
        if (r.pid() == 0) {
            return new VmStatus(r.name(), VmState.STOPPED, "stopped", name(), 0, null, null);
        }
        return r.alive() ? new VmStatus(r.name(), VmState.RUNNING, "running", name(), r.pid(), null, null)
                : new VmStatus(r.name(), VmState.CRASHED, "process " + r.pid() + " is gone", name(), 0, null, null);
    }

    @Override
    public synchronized void define(VmSpec spec) {
        Optional<Record> existing = read(spec.name());
        write(new Record(spec.name(), existing.map(Record::pid).orElse(0L), true));
        emit(spec.name(), VmEventType.DEFINED, "Defined");
    }

    @Override
    public synchronized void start(String name) {
        Record r = read(name).orElseThrow(() -> missing(name));
        if (r.pid() != 0 && r.alive()) {
            return;
        }
        try {
            Process p = new ProcessBuilder(STAND_IN).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            write(new Record(name, p.pid(), true));
            emit(name, VmEventType.STARTED, "Started stand-in process " + p.pid());
            watch(name, p.pid());
        } catch (IOException e) {
            throw new VmDriverException("cannot start the stand-in process of VM " + name + ": " + e.getMessage());
        }
    }

    @Override
    public boolean shutdown(String name, Duration timeout) {
        Record r;
        synchronized (this) {
            r = read(name).orElseThrow(() -> missing(name));
            if (r.pid() == 0 || !r.alive()) {
                write(new Record(name, 0, true));
                return true;
            }
            write(new Record(name, 0, true)); // stopped on request: its exit is not a crash
        }
        ProcessHandle process = ProcessHandle.of(r.pid()).orElse(null);
        if (process == null) {
            return true;
        }
        log.info("stopping VM {} (pid {}) with SIGTERM", name, r.pid());
        process.destroy();
        if (await(process, timeout)) {
            return true;
        }
        log.warn("VM {} (pid {}) still running after {} ms; sending SIGKILL", name, r.pid(), timeout.toMillis());
        process.destroyForcibly();
        if (!await(process, Duration.ofSeconds(10))) {
            throw new VmDriverException("VM " + name + ": pid " + r.pid() + " survived SIGKILL");
        }
        return false;
    }

    @Override
    public void destroy(String name) {
        Record r;
        synchronized (this) {
            r = read(name).orElseThrow(() -> missing(name));
            write(new Record(name, 0, true));
        }
        if (r.pid() != 0) {
            ProcessHandle.of(r.pid()).ifPresent(p -> {
                p.destroyForcibly();
                if (!await(p, Duration.ofSeconds(10))) {
                    throw new VmDriverException("VM " + name + ": pid " + r.pid() + " survived SIGKILL");
                }
            });
        }
    }

    @Override
    public synchronized void undefine(String name) {
        try {
            if (Files.deleteIfExists(file(name))) {
                emit(name, VmEventType.UNDEFINED, "Undefined");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove VM record " + file(name), e);
        }
    }

    @Override
    public Migration migrate(String name, VmEndpoint destination, boolean unsafe, Duration timeout) {
        throw cannotMigrate(name, destination.node());
    }

    @Override
    public boolean liveMigrates() {
        return false;
    }

    /** The refusal of every live migration: 409 {@code cannot-migrate}, saying what to do instead. */
    public static ConflictException cannotMigrate(String name, String destination) {
        return new ConflictException(ConflictException.CANNOT_MIGRATE, "cannot live-migrate VM " + name + ": this "
                + "server runs the process VM driver (stand-in processes), which cannot move a running VM; stop it "
                + "here and start it on " + destination + ", or run libvirt (--vm-driver libvirt)");
    }

    @Override
    public VmEndpoint endpoint(String node, int nodeNumber) {
        return new VmEndpoint(node, nodeNumber, name(), null, null);
    }

    @Override
    public VmLayer probe() {
        return new VmLayer(name(), null, true, "stand-in processes recorded in " + dir, null);
    }

    @Override
    public AutoCloseable events(Consumer<DomainEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<Path> pidDirs() {
        return List.of(dir);
    }

    private void watch(String name, long pid) {
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().thenRun(() -> {
            boolean asked;
            synchronized (this) {
                asked = read(name).map(r -> r.pid() != pid).orElse(true);
            }
            emit(name, asked ? VmEventType.STOPPED : VmEventType.CRASHED, asked ? "Stopped" : "process " + pid
                    + " exited without a stop");
        }));
    }

    private void emit(String name, VmEventType type, String detail) {
        DomainEvent e = new DomainEvent(clock.instant(), name, type, detail);
        for (Consumer<DomainEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException failed) {
                log.warn("VM event listener failed on {}: {}", e, failed.toString());
            }
        }
    }

    private static boolean await(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !p.isAlive();
        }
    }

    private NoSuchVmException missing(String name) {
        return new NoSuchVmException("VM " + name + " is not defined on this server's process driver (no record "
                + file(name) + "); define it first");
    }

    /** One record; {@code pid} 0 when stopped. */
    record Record(String name, long pid, boolean defined) {
        boolean alive() {
            return pid != 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".vm");
    }

    private void write(Record r) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file(r.name()), ("name=" + r.name() + "\npid=" + r.pid() + "\ndefined=" + r.defined()
                    + "\n").getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write VM record " + file(r.name()), e);
        }
    }

    private Optional<Record> read(String name) {
        Path f = file(name);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return parse(f);
    }

    private List<Record> records() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Record> records = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".vm")).sorted().toList()) {
                parse(f).ifPresent(records::add);
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read VM records in " + dir, e);
        }
    }

    private static Optional<Record> parse(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
        String pid = p.getProperty("pid", "0").strip();
        if (!pid.matches("\\d{1,10}")) {
            log.warn("ignoring VM record {}: pid '{}' is not a number", file, pid);
            return Optional.empty();
        }
        String fallback = file.getFileName().toString().replaceFirst("\\.vm$", "");
        return Optional.of(new Record(p.getProperty("name", fallback), Long.parseLong(pid), true));
    }
}

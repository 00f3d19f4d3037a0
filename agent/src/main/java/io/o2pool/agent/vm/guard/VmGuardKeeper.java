package io.o2pool.agent.vm.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.config.AtomicFiles;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.agent.stack.UserspaceStackDriver;
import io.o2pool.agent.vm.VmDriver;
import io.o2pool.cluster.heartbeat.RegionFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the VM guard (userspace stack only): every second it writes what the guard must watch
 * ({@code STATE/vm-guard.json}: this node's slot in the heartbeat region while the node heartbeats or is fenced) and
 * makes sure one guard runs ({@code STATE/vm-guard.pid}), launching it detached ({@code setsid}, its own JVM) when it
 * is missing — so a guard killed by hand comes back, and an agent restart finds the old guard and keeps it.
 * {@link #close()} (a clean agent stop, after its guests were destroyed) stops the guard. Thread-safe.
 */
public final class VmGuardKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VmGuardKeeper.class);
    private final String node;
    private final Path state;
    private final VmDriver vms;
    private final Supplier<Optional<StackConfig>> live;
    private final Supplier<List<Path>> repositories;
    private final StackDriver stack;
    private final ObjectMapper json = Json.mapper();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vm-guard-keeper");
        t.setDaemon(true);
        return t;
    });
    private GuardConfig written;

    private VmGuardKeeper(String node, Path state, VmDriver vms, Supplier<Optional<StackConfig>> live,
                          Supplier<List<Path>> repositories, StackDriver stack) {
        this.node = node;
        this.state = state;
        this.vms = vms;
        this.live = live;
        this.repositories = repositories;
        this.stack = stack;
    }

    /** Starts keeping the guard of node {@code node} whose state lives in {@code state}. */
    public static VmGuardKeeper start(String node, Path state, VmDriver vms, Supplier<Optional<StackConfig>> live,
                                      Supplier<List<Path>> repositories, StackDriver stack, Clock clock) {
        VmGuardKeeper keeper = new VmGuardKeeper(node, state, vms, live, repositories, stack);
        keeper.tick();
        keeper.timer.scheduleWithFixedDelay(keeper::tick, 1, 1, TimeUnit.SECONDS);
        return keeper;
    }

    public static Path pidFile(Path state) {
        return state.resolve("vm-guard.pid");
    }

    private synchronized void tick() {
        try {
            GuardConfig config = config();
            if (!config.equals(written)) {
                AtomicFiles.write(state.resolve("vm-guard.json"), json.writeValueAsBytes(config), false);
                written = config;
            }
            // a guard only where there is something to guard: no extra JVM on servers without guests
            if (!GuestKiller.alive(vms.pidDirs()).isEmpty()) {
                ensureRunning();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("node {}: VM guard upkeep failed: {}", node, e.toString());
        }
    }

    private GuardConfig config() {
        Optional<StackConfig> c = live.get();
        List<Path> roots = repositories.get();
        StackState s = stack.state();
        Path region = null;
        int number = -1;
        int threshold = 31;
        if (c.isPresent()) {
            threshold = c.get().deadThreshold();
            number = c.get().node(node).map(StackConfig.Node::number).orElse(-1);
            if (!roots.isEmpty() && (s == StackState.HEARTBEATING || s == StackState.FENCED)) {
                region = roots.getFirst().resolve(UserspaceStackDriver.REGION_DIR).resolve(c.get().clusterName())
                        .resolve(RegionFile.REGION_FILE_NAME);
            }
        }
        return new GuardConfig(node, number, region, threshold, vms.pidDirs(), ProcessHandle.current().pid());
    }

    /**
     * Called before a guest starts: writes what to watch and makes sure the guard runs, so no guest runs unguarded
     * even for the second until the next upkeep. Failures are logged, not thrown (the heartbeat still protects).
     */
    public synchronized void beforeGuestStart() {
        try {
            GuardConfig config = config();
            if (!config.equals(written)) {
                AtomicFiles.write(state.resolve("vm-guard.json"), json.writeValueAsBytes(config), false);
                written = config;
            }
            ensureRunning();
        } catch (IOException | RuntimeException e) {
            log.warn("node {}: cannot start the VM guard: {}", node, e.toString());
        }
    }

    private synchronized void ensureRunning() throws IOException {
        Path pidFile = pidFile(state);
        if (Files.exists(pidFile)) {
            String text = Files.readString(pidFile).strip();
            if (text.matches("\\d{1,10}") && ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().arguments()).map(a -> List.of(a).contains(GuardMain.class.getName()))
                    .orElse(false)) {
                return;
            }
        }
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        List<String> command = new ArrayList<>(List.of("setsid", java, "-Xmx32m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), GuardMain.class.getName(),
                "--config", state.resolve("vm-guard.json").toString(), "--pid-file", pidFile.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("vm-guard.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        AtomicFiles.write(pidFile, (p.pid() + "\n").getBytes(StandardCharsets.UTF_8), false);
        log.info("node {}: VM guard started (pid {}), watching this node's own heartbeat slot; log {}", node, p.pid(),
                state.resolve("vm-guard.log"));
    }

    /** Stops keeping the guard and stops it (a clean agent stop: no guest is left to guard). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            Path pidFile = pidFile(state);
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                Files.deleteIfExists(pidFile);
                if (text.matches("\\d{1,10}")) {
                    ProcessHandle.of(Long.parseLong(text)).ifPresent(ProcessHandle::destroy);
                }
            }
        } catch (IOException e) {
            log.warn("node {}: cannot stop the VM guard: {}", node, e.getMessage());
        }
    }
}

package io.o2pool.e2e.pool;

import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentMain;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.testing.StallingAgentMain;
import io.o2pool.testkit.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real agent JVM ({@code io.o2pool.agent.AgentMain}) of a {@link RealPool}: listening on {@code 127.0.1.N} (the
 * pool's agent port, kept across restarts), node name {@code e2e-hostN}, its own state directory, live cluster files, hosts file and
 * mount root under {@code ROOT/agents/N}, the userspace stack and the process VM driver, allowed to attach the
 * pool's shared repository folder. Only 127.0.0.0/8 is ever bound. Stopped by PID.
 */
public final class RealAgent {
    public static final String PASSWORD = "e2e-agent-password";
    private static final Pattern FINGERPRINT = Pattern.compile("certificate SHA-256 fingerprint: (\\S+)");

    private final int index;
    private final Path dir;
    private final List<Path> repositoryRoots;
    private final int port;
    /** The pool's manager data directory: its key pair is what this agent accepts once the manager enrolled. */
    private final Path managerData;
    private ChildProcess process;
    /** Options added after the defaults (a later option wins), e.g. a libvirt VM driver. */
    private List<String> extraArgs = List.of();
    private String url;
    private String fingerprint;

    RealAgent(int index, Path root, int port, List<Path> repositoryRoots) {
        if (index < 1 || index > 254) {
            throw new IllegalArgumentException("agent index " + index + " is outside 1-254");
        }
        this.index = index;
        this.port = port;
        this.dir = root.resolve("agents").resolve(Integer.toString(index));
        this.repositoryRoots = List.copyOf(repositoryRoots);
        this.managerData = root.resolve("manager");
    }

    public int index() {
        return index;
    }

    /** Options the agent gets after the defaults from its next start on (a later option wins). */
    void extraArgs(List<String> args) {
        extraArgs = List.copyOf(args);
    }

    /** The agent's (and cluster) address: {@code 127.0.1.N}. */
    public String address() {
        return "127.0.1." + index;
    }

    /** The node name the agent reports (what o2cb matches the local node by). */
    public String nodeName() {
        return "e2e-host" + index;
    }

    public Path dir() {
        return dir;
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    public Path clusterConfPath() {
        return dir.resolve("etc/ocfs2/cluster.conf");
    }

    public Path o2cbDefaultsPath() {
        return dir.resolve("etc/default/o2cb");
    }

    public Path hostsFile() {
        return dir.resolve("etc/hosts");
    }

    /** Starts the JVM without waiting for it to listen; {@link #awaitStarted()} waits. */
    void launch(Map<String, String> env) throws IOException {
        launch(List.of(AgentMain.class.getName()), env);
    }

    /**
     * Starts the JVM with {@code main} (the main class and the arguments it takes before the agent's options) without
     * waiting for it to listen.
     */
    private void launch(List<String> main, Map<String, String> env) throws IOException {
        Files.createDirectories(dir.resolve("etc/ocfs2"));
        Files.createDirectories(dir.resolve("etc/default"));
        Files.createDirectories(dir.resolve("mnt"));
        Files.createDirectories(dir.resolve("configfs"));
        Files.createDirectories(stateDir());
        Path password = dir.resolve("password");
        if (!Files.exists(password)) {
            Files.writeString(password, PASSWORD + "\n");
        }
        if (!Files.exists(dir.resolve("proc-mounts"))) {
            Files.writeString(dir.resolve("proc-mounts"), "");
        }
        Files.deleteIfExists(stateDir().resolve("agent.url"));
        Files.deleteIfExists(stateDir().resolve("crash-point-reached"));
        List<String> command = new ArrayList<>(ChildJvm.javaCommand("128m"));
        command.addAll(List.of("-cp", ChildJvm.classpathSnapshot()));
        command.addAll(main);
        command.addAll(List.of("--listen", address() + ":" + port, "--state-dir", stateDir().toString(),
                "--password-file", password.toString(), "--node-name", nodeName(),
                "--cluster-conf", clusterConfPath().toString(), "--o2cb-defaults", o2cbDefaultsPath().toString(),
                "--hosts-file", hostsFile().toString(), "--configfs", dir.resolve("configfs").toString(),
                "--mount-root", dir.resolve("mnt").toString(), "--proc-mounts", dir.resolve("proc-mounts").toString(),
                "--stack", "userspace", "--vm-driver", "process",
                // the minimum PBKDF2 cost: the agent hashes at start and checks once per connection
                "--password-iterations", Integer.toString(io.o2pool.agent.auth.PasswordHash.MIN_ITERATIONS)));
        for (Path root : repositoryRoots) {
            command.addAll(List.of("--repository-root", root.toString()));
        }
        command.addAll(extraArgs);
        Path output = dir.resolve("agent-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("O2POOL_AGENT_CRASH_AT");
        builder.environment().putAll(env);
        process = new ChildProcess(builder.start(), output);
        url = null;
        fingerprint = null;
    }

    /** Waits until the agent listens (its {@code agent.url} is written and its fingerprint printed). */
    void awaitStarted() {
        ChildProcess p = process;
        await("agent " + nodeName() + " to start (output in " + p.outputFile() + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !p.isAlive() || Files.exists(stateDir().resolve("agent.url")) && fingerprintIn(p) != null);
        if (!p.isAlive()) {
            throw new IllegalStateException("agent " + nodeName() + " exited:\n" + p.output());
        }
        try {
            url = Files.readString(stateDir().resolve("agent.url")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fingerprint = fingerprintIn(p);
    }

    private static String fingerprintIn(ChildProcess p) {
        Matcher m = FINGERPRINT.matcher(p.output());
        return m.find() ? m.group(1) : null;
    }

    /** Restarts the agent (SIGTERM, then a new JVM on the same state) with {@code env} (e.g. a crash point). */
    public void restart(Map<String, String> env) throws IOException {
        stop();
        launch(env);
        awaitStarted();
    }

    /**
     * Restarts the agent through the agent's test-only {@link StallingAgentMain}: its heartbeat writes hang while
     * {@code trigger} exists, so its node fences itself for the write timeout.
     */
    public void restartStallingHeartbeatWhile(Path trigger) throws IOException {
        stop();
        launch(StallingAgentMain.command(trigger), Map.of());
        awaitStarted();
    }

    public String url() {
        return url;
    }

    /** The HTTPS port the agent listens on. */
    public int port() {
        return port;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String output() {
        return process == null ? "" : process.output();
    }

    /**
     * A client pinned to this agent's certificate, acting as the pool's manager: the right password and, once the
     * manager has its key pair, that key (what the agent accepts after the manager enrolled with it).
     */
    public AgentClient client() {
        javax.net.ssl.KeyManager[] keys = null;
        var files = io.o2pool.manager.tls.ManagerIdentity.files(managerData);
        if (files.exists()) {
            try {
                keys = files.load().keyManagers();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new AgentClient(url, fingerprint, PASSWORD, keys, Duration.ofSeconds(20));
    }

    public ClusterView view() {
        return client().cluster();
    }

    public ConfigStatus config() {
        return client().config();
    }

    /** The live generation the agent reports, 0 before the first commit. */
    public long liveGeneration() {
        ConfigStatus c = config();
        return c.live() == null ? 0 : c.live().generation();
    }

    /** Whether the agent blocked at its {@code O2POOL_AGENT_CRASH_AT} crash point. */
    public boolean crashPointReached() {
        return Files.exists(stateDir().resolve("crash-point-reached"));
    }

    /** The live cluster.conf and o2cb defaults bytes, read from disk (empty when absent). */
    public LiveFiles liveFiles() {
        return new LiveFiles(read(clusterConfPath()), read(o2cbDefaultsPath()));
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeHosts(String text) throws IOException {
        Files.writeString(hostsFile(), text);
    }

    /** The agent's stack journal ({@code STATE/stack-journal.log}): every start, change and stop of its stack. */
    public java.util.List<io.o2pool.agent.pool.StackJournal.Entry> journal() {
        return io.o2pool.agent.pool.StackJournal.read(stateDir());
    }

    /** SIGKILL by PID, as {@code kill -9}. */
    public void kill9() {
        if (process != null) {
            process.kill9();
        }
    }

    /** SIGTERM by PID (the agent's shutdown hook stops it cleanly), then its VM guard (if it started one) by PID. */
    public void stop() {
        if (process != null) {
            process.stop();
        }
        killGuard();
    }

    /** SIGKILL of the VM guard the agent started (a separate process that outlives it), by its pid file. */
    public void killGuard() {
        Path pid = io.o2pool.agent.vm.guard.VmGuardKeeper.pidFile(stateDir());
        try {
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the VM guard's pid file " + pid, e);
        }
    }

    /** The bytes of one node's live configuration files, compared by content. */
    public record LiveFiles(byte[] clusterConf, byte[] o2cbDefaults) {
        public String clusterConfText() {
            return new String(clusterConf, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LiveFiles other && java.util.Arrays.equals(clusterConf, other.clusterConf)
                    && java.util.Arrays.equals(o2cbDefaults, other.o2cbDefaults);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(clusterConf) + java.util.Arrays.hashCode(o2cbDefaults);
        }

        @Override
        public String toString() {
            return "cluster.conf:\n" + clusterConfText() + "o2cb:\n"
                    + new String(o2cbDefaults, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

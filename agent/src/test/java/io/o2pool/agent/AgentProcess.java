package io.o2pool.agent;

import static org.awaitility.Awaitility.await;

import io.o2pool.agent.auth.PasswordHash;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.testing.StallingAgentMain;
import io.o2pool.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real agent JVM started from the test classpath on a loopback 127.0.1.x address (port chosen by the kernel),
 * for API and crash tests. Stopped by PID: {@link #stop()} sends SIGTERM, {@link #kill9()} SIGKILL. Never binds
 * outside 127.0.0.0/8.
 */
public final class AgentProcess implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    private static final Pattern FINGERPRINT = Pattern.compile("certificate SHA-256 fingerprint: (\\S+)");

    private final Process process;
    private final Path stateDir;
    private final Path stdout;
    private final String url;
    private final String fingerprint;

    private AgentProcess(Process process, Path stateDir, Path stdout, String url, String fingerprint) {
        this.process = process;
        this.stateDir = stateDir;
        this.stdout = stdout;
        this.url = url;
        this.fingerprint = fingerprint;
    }

    /** Starts an agent with state under {@code root}, live files in {@code root/etc}, extra args and environment. */
    public static AgentProcess start(Path root, String loopbackAddress, List<String> extraArgs, Map<String, String> env)
            throws IOException {
        return start(root, loopbackAddress, extraArgs, env, List.of(AgentMain.class.getName()));
    }

    /**
     * As {@link #start(Path, String, List, Map)}, through the test-only {@link StallingAgentMain}: the agent's heartbeat
     * writes hang while {@code trigger} exists.
     */
    public static AgentProcess startStallingHeartbeatWhile(Path trigger, Path root, String loopbackAddress,
            List<String> extraArgs) throws IOException {
        return start(root, loopbackAddress, extraArgs, Map.of(), StallingAgentMain.command(trigger));
    }

    /** Starts the JVM with {@code main}: the main class and the arguments it takes before the agent's options. */
    private static AgentProcess start(Path root, String loopbackAddress, List<String> extraArgs, Map<String, String> env,
            List<String> main) throws IOException {
        if (!loopbackAddress.startsWith("127.")) {
            throw new IllegalArgumentException("tests listen on 127.0.0.0/8 only, not " + loopbackAddress);
        }
        Files.createDirectories(root);
        Path state = root.resolve("state");
        Path passwordFile = root.resolve("password");
        if (!Files.exists(passwordFile)) {
            Files.writeString(passwordFile, PASSWORD + "\n");
        }
        Files.deleteIfExists(state.resolve("agent.url"));
        Files.deleteIfExists(state.resolve("crash-point-reached"));
        List<String> command = new ArrayList<>(ChildJvm.javaCommand("256m"));
        command.addAll(List.of("-cp", ChildJvm.classpathSnapshot()));
        command.addAll(main);
        command.addAll(List.of(
                "--listen", loopbackAddress + ":0", "--state-dir", state.toString(), "--password-file", passwordFile.toString(),
                "--cluster-conf", root.resolve("etc/ocfs2/cluster.conf").toString(),
                "--o2cb-defaults", root.resolve("etc/default/o2cb").toString(),
                "--hosts-file", root.resolve("etc/hosts").toString(),
                "--configfs", root.resolve("configfs").toString(),
                "--mount-root", root.resolve("mnt").toString(),
                "--proc-mounts", root.resolve("proc-mounts").toString(),
                "--node-name", "vm-host03", "--stack", "userspace", "--vm-driver", "process",
                // the minimum PBKDF2 cost: hashing at start and the first check per process stay milliseconds
                "--password-iterations", Integer.toString(PasswordHash.MIN_ITERATIONS)));
        command.addAll(extraArgs);
        Path stdout = root.resolve("agent-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stdout.toFile());
        builder.environment().remove("O2POOL_AGENT_CRASH_AT");
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            await("agent at " + loopbackAddress + " to start (output in " + stdout + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || Files.exists(state.resolve("agent.url")) && fingerprintIn(stdout) != null);
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited " + process.exitValue() + ":\n" + Files.readString(stdout));
            }
            String url = Files.readString(state.resolve("agent.url")).strip();
            return new AgentProcess(process, state, stdout, url, fingerprintIn(stdout));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String fingerprintIn(Path stdout) throws IOException {
        Matcher m = FINGERPRINT.matcher(Files.readString(stdout, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    public String url() {
        return url;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long pid() {
        return process.pid();
    }

    public Path stateDir() {
        return stateDir;
    }

    public String output() throws IOException {
        return Files.readString(stdout);
    }

    /** A client pinned to this agent's fingerprint with the right password. */
    public AgentClient client() {
        return new AgentClient(url, fingerprint, PASSWORD, Duration.ofSeconds(20));
    }

    /** SIGKILL, as {@code kill -9 PID}; waits until the process is gone. */
    public void kill9() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        process.onExit().join();
    }

    /** SIGTERM and wait (the agent's shutdown hook stops the server). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}

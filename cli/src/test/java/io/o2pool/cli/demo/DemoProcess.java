package io.o2pool.cli.demo;

import io.o2pool.testkit.ExecResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code o2pool demo} process started from the test classpath, its output collected line by line, plus a
 * way to run other {@code o2pool} commands as processes logged in to it. Stopped by PID with SIGINT, as Ctrl-C does.
 */
final class DemoProcess implements AutoCloseable {
    /** Readers get their own threads: the common pool has one thread on a 2-core machine and would deadlock. */
    private static final java.util.concurrent.Executor READERS = r -> Thread.ofVirtual().start(r);
    private final Path dataDir;
    private final Path loginFile;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> started = new ArrayList<>();

    DemoProcess(Path workDir, String... demoArgs) throws IOException {
        this.dataDir = workDir.resolve("demo");
        this.loginFile = workDir.resolve("login.json");
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("demo", "--data-dir", dataDir.toString(), "--port", "0"));
        cmd.addAll(List.of(demoArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("O2POOL_LOGIN_FILE", loginFile.toString());
        process = pb.start();
        Thread.ofPlatform().daemon().name("demo-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone; what was read stays in lines
            }
        });
    }

    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-cp", System.getProperty("java.class.path"), "io.o2pool.cli.Main");
    }

    /** Waits until a line containing {@code text} was printed, failing with the whole output otherwise. */
    void awaitLine(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (lines.stream().noneMatch(l -> l.contains(text))) {
            if (!process.isAlive()) {
                throw new AssertionError("demo exited (" + process.exitValue() + ") before printing '" + text
                        + "':\n" + output());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("demo did not print '" + text + "' within " + timeout + ":\n" + output());
            }
            rememberDescendants();
            pauseBriefly();
        }
        rememberDescendants();
    }

    /** The demo's own process id. */
    long pid() {
        return process.pid();
    }

    String output() {
        return String.join("\n", lines);
    }

    String agentPassword() throws IOException {
        return Files.readString(dataDir.resolve("agent-password")).strip();
    }

    /**
     * Runs {@code o2pool demo} with {@code demoArgs} in {@code workDir} (as the constructor does) to its end, for a demo
     * that refuses to start; at most 60 s.
     */
    static ExecResult runToEnd(Path workDir, String... demoArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("demo", "--data-dir", workDir.resolve("demo").toString(), "--port", "0"));
        cmd.addAll(List.of(demoArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("O2POOL_LOGIN_FILE", workDir.resolve("login.json").toString());
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("o2pool demo " + List.of(demoArgs) + " did not end within 60 s");
        }
        return new ExecResult(p.exitValue(), out.join(), err.join());
    }

    /** Runs {@code o2pool ARGS} as a process logged in to this demo's manager. */
    ExecResult o2pool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("O2POOL_LOGIN_FILE", loginFile.toString());
        pb.environment().put("O2POOL_LOG_LEVEL", "WARN");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()), READERS);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READERS);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("o2pool " + List.of(args) + " did not finish in 180 s");
        }
        return new ExecResult(p.exitValue(), out.join(), err.join());
    }

    /** Every process the demo started that is still alive (agents, stand-in VMs, libvirtds, QEMUs). */
    List<ProcessHandle> aliveDescendants() {
        rememberDescendants();
        return started.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Sends SIGINT (what Ctrl-C sends) and waits for the demo to exit; returns its exit code. */
    int interrupt(Duration timeout) throws IOException, InterruptedException {
        rememberDescendants();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("demo did not exit within " + timeout + " of SIGINT:\n" + output());
        }
        return process.exitValue();
    }

    /** Every process the demo started that was seen, alive or not. */
    synchronized List<ProcessHandle> seenDescendants() {
        rememberDescendants();
        return List.copyOf(started);
    }

    private synchronized void rememberDescendants() {
        process.descendants().forEach(h -> {
            if (started.stream().noneMatch(s -> s.pid() == h.pid())) {
                started.add(h);
            }
        });
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pauseBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        rememberDescendants();
        process.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
    }
}

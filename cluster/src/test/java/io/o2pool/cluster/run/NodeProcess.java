package io.o2pool.cluster.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One {@code o2pool cluster run} node as a separate JVM started from the test classpath: its JSON events
 * from stdout are collected, its logs go to a file; it is stopped by PID (SIGTERM or SIGKILL).
 */
final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    private final Process process;
    private final Path log;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread.ofVirtual().name("events-" + name).start(this::readEvents);
    }

    /** Starts {@code ClusterRunner} with {@code args}; stderr goes to {@code dir/NAME.log}. */
    static NodeProcess start(String name, Path dir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(ChildJvm.javaCommand("64m"));
        cmd.addAll(List.of("-Do2pool.log.level=INFO", "-cp", ChildJvm.classpathSnapshot(),
                ClusterRunner.class.getName()));
        cmd.addAll(args);
        Path log = dir.resolve(name + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        p.getOutputStream().close();
        return new NodeProcess(name, p, log);
    }

    long pid() {
        return process.pid();
    }

    /** Events of {@code type} about {@code peer}, oldest first. */
    List<JsonNode> events(String type, String peer) {
        return events.stream().filter(e -> e.get("event").asText().equals(type) && e.get("peer").asText().equals(peer))
                .toList();
    }

    /** All events. */
    List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** When the first event of {@code type} about {@code peer} happened, by the node's clock. */
    Instant firstTime(String type, String peer) {
        return Instant.parse(events(type, peer).get(0).get("time").asText());
    }

    /** The node's kernel-style log so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL by PID, like {@code kill -9}. */
    void kill9() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM by PID, and waits for the exit code. */
    int terminate() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 20 s of SIGTERM; log:\n" + log());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}

package io.o2pool.cli.demo;

import io.o2pool.agent.AgentMain;
import io.o2pool.cli.demo.DemoLayout.DemoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts one agent JVM per demo server ({@link AgentMain}, the agent's entry point, on the same classpath as this
 * process) and stops them by PID, descendants (VM guards) included. Each agent is a real daemon on its own 127.0.1.x address with its own state directory.
 */
final class AgentProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    /** Starts {@code server}'s agent; {@code vmArgs} choose its VM driver ({@code --vm-driver ...}). */
    Process start(DemoServer server, DemoLayout layout, List<String> vmArgs) throws IOException {
        Files.createDirectories(server.stateDir());
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--listen", server.address() + ":" + DemoLayout.AGENT_PORT,
                "--state-dir", server.stateDir().toString(),
                "--password-file", layout.agentPasswordFile().toString(),
                "--node-name", server.name(),
                "--cluster-conf", server.clusterConf().toString(),
                "--o2cb-defaults", server.o2cbDefaults().toString(),
                "--hosts-file", server.hostsFile().toString(),
                "--stack", "userspace",
                "--repository-root", layout.repository().toString()));
        cmd.addAll(vmArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(server.log().toFile())).start();
        processes.add(p);
        return p;
    }

    List<Process> all() {
        return List.copyOf(processes);
    }

    /** SIGTERM to every agent and its descendants, then SIGKILL to anything still alive after 10 s. */
    @Override
    public void close() {
        List<ProcessHandle> handles = new ArrayList<>();
        for (Process p : processes) {
            p.toHandle().descendants().forEach(handles::add);
            handles.add(p.toHandle());
        }
        handles.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        }
    }
}

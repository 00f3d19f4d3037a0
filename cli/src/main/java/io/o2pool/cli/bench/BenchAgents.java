package io.o2pool.cli.bench;

import io.o2pool.agent.Agent;
import io.o2pool.agent.AgentOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real agents for the benchmark, run in the benchmark's JVM (one {@link Agent} each: its own HTTPS server, state
 * directory, live files and userspace stack) on {@code 127.0.2.N}, sharing one repository folder. Lighter than one JVM
 * per agent, so 32 fit on a small machine; everything the manager talks to is still real. Not thread-safe.
 */
final class BenchAgents implements AutoCloseable {
    static final String PASSWORD = "bench-agent-password";

    /** One started agent: its address, node name, HTTPS port and certificate fingerprint. */
    record Started(Agent agent, String address, String nodeName, int port) {
    }

    private final Path root;
    private final List<Started> agents = new ArrayList<>();

    BenchAgents(Path root) {
        this.root = root;
    }

    /** Starts agents {@code 127.0.2.from} to {@code 127.0.2.to} allowed to attach {@code repository}. */
    List<Started> start(int from, int to, Path repository) throws IOException {
        List<Started> started = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            Path dir = root.resolve("agent-" + i);
            Files.createDirectories(dir.resolve("etc/ocfs2"));
            Files.createDirectories(dir.resolve("etc/default"));
            Files.writeString(dir.resolve("password"), PASSWORD + "\n");
            Files.writeString(dir.resolve("proc-mounts"), "");
            String address = "127.0.2." + i;
            String name = "bench-host" + i;
            Files.writeString(dir.resolve("hosts"), "127.0.0.1\tlocalhost\n" + address + "\t" + name + "\n");
            AgentOptions options = AgentOptions.parse(List.of("--listen", address + ":0",
                    "--state-dir", dir.resolve("state").toString(), "--password-file", dir.resolve("password").toString(),
                    "--node-name", name, "--cluster-conf", dir.resolve("etc/ocfs2/cluster.conf").toString(),
                    "--o2cb-defaults", dir.resolve("etc/default/o2cb").toString(),
                    "--hosts-file", dir.resolve("hosts").toString(), "--configfs", dir.resolve("configfs").toString(),
                    "--mount-root", dir.resolve("mnt").toString(), "--proc-mounts", dir.resolve("proc-mounts").toString(),
                    "--stack", "userspace", "--vm-driver", "process", "--repository-root", repository.toString(),
                    "--password-iterations", "1000"));
            Agent agent = Agent.start(options);
            Started s = new Started(agent, address, name, URI.create(agent.url()).getPort());
            agents.add(s);
            started.add(s);
        }
        return started;
    }

    @Override
    public void close() {
        agents.forEach(a -> a.agent().close());
        agents.clear();
    }
}

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
 * Real agents run in this JVM (one {@link Agent} each: its own HTTPS server, state directory, live files and userspace
 * stack), agent N on {@code PREFIX.N} named {@code NAME-PREFIX N}, sharing one repository folder. Lighter than one JVM
 * per agent, so 32 fit on a small machine; everything the manager talks to is still real. The benchmark's agents are
 * on {@code 127.0.2.N}; the CLI's tests start theirs elsewhere. Not thread-safe.
 */
public final class BenchAgents implements AutoCloseable {
    public static final String PASSWORD = "bench-agent-password";

    /**
     * One started agent: its address, node name, HTTPS port, and its folder (live files under {@code etc/}).
     */
    public record Started(Agent agent, String address, String nodeName, int port, Path dir) {
        /** The agent's live cluster.conf. */
        public Path clusterConf() {
            return dir.resolve("etc/ocfs2/cluster.conf");
        }
    }

    private final Path root;
    private final String addressPrefix;
    private final String namePrefix;
    private final List<Started> agents = new ArrayList<>();

    BenchAgents(Path root) {
        this(root, "127.0.2.", "bench-host");
    }

    /** Agents with folders under {@code root}, addresses {@code addressPrefix + N} and names {@code namePrefix + N}. */
    public BenchAgents(Path root, String addressPrefix, String namePrefix) {
        this.root = root;
        this.addressPrefix = addressPrefix;
        this.namePrefix = namePrefix;
    }

    /** Starts agents {@code from} to {@code to} allowed to attach the repositories under {@code repository}. */
    public List<Started> start(int from, int to, Path repository) throws IOException {
        List<Started> started = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            Path dir = root.resolve("agent-" + i);
            Files.createDirectories(dir.resolve("etc/ocfs2"));
            Files.createDirectories(dir.resolve("etc/default"));
            Files.writeString(dir.resolve("password"), PASSWORD + "\n");
            Files.writeString(dir.resolve("proc-mounts"), "");
            String address = addressPrefix + i;
            String name = namePrefix + i;
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
            Started s = new Started(agent, address, name, URI.create(agent.url()).getPort(), dir);
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

package io.o2pool.e2e.pool;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pool of real processes for end-to-end tests (and the web UI's): agent JVMs on 127.0.1.1, 127.0.1.2, ... sharing
 * one repository folder (a directory with an {@code .o2pool-repository} UUID file, attached as the pool's NFS-type
 * repository), and a manager process with its data directory (H2) or a PostgreSQL schema. Every process is stopped by
 * its PID in {@link #close()}. Only 127.0.0.0/8 addresses are used; the agents' HTTPS port (the same on every agent,
 * as 8899 in production, and kept across restarts) and the cluster {@code ip_port} are random free ports so
 * concurrent builds on one machine do not collide, unless a test asks for a fixed agent port (the web UI's Add Server
 * dialog assumes 8899).
 */
public final class RealPool implements AutoCloseable {
    /** o2cb timeouts short enough for tests: threshold 7, idle 5000 ms, keepalive 1000 ms, reconnect 2000 ms. */
    public static final int DEAD_THRESHOLD = 7;
    public static final int IDLE_TIMEOUT_MS = 5000;
    public static final int KEEPALIVE_DELAY_MS = 1000;
    public static final int RECONNECT_DELAY_MS = 2000;
    /** Agent indices whose address the pool may use (127.0.1.1 to 127.0.1.9). */
    static final int MAX_AGENTS = 9;

    private final Path root;
    private final Path repository;
    private final String repositoryUuid;
    private final int ipPort;
    private final int agentPort;
    private final Map<Integer, RealAgent> agents = new TreeMap<>();
    private final RealManager manager;
    private final Map<String, String> childEnv;
    /** Each agent's extra options by index (none by default). */
    private final java.util.function.IntFunction<List<String>> agentArgs;
    private ManagerClient api;

    private RealPool(Path root, List<String> managerDbArgs, int fixedAgentPort, Map<String, String> childEnv,
            java.util.function.IntFunction<List<String>> agentArgs) throws IOException {
        this.childEnv = Map.copyOf(childEnv);
        this.agentArgs = agentArgs;
        this.root = root;
        this.repository = root.resolve("repository");
        Files.createDirectories(repository);
        this.repositoryUuid = UUID.randomUUID().toString();
        Files.writeString(repository.resolve(".o2pool-repository"), repositoryUuid + "\n");
        this.ipPort = freePort(20000);
        this.agentPort = fixedAgentPort == 0 ? freePort(30000) : fixedAgentPort;
        this.manager = new RealManager(root.resolve("manager"), managerDbArgs);
    }

    /**
     * Starts {@code agentCount} agents (127.0.1.1 to 127.0.1.N, started in parallel) and the manager, logged in as
     * admin. {@code managerDbArgs} is empty for H2 in the data directory, or the {@code --db-url} arguments.
     */
    public static RealPool start(Path root, int agentCount, List<String> managerDbArgs) throws IOException {
        return start(root, agentCount, managerDbArgs, 0);
    }

    /**
     * As {@link #start(Path, int, List)}, with every agent listening on {@code agentPort} (e.g. 8899, the Add Server
     * dialog's default) instead of a random free port; 0 picks a random one. Fails at once when the port is taken on
     * one of the agents' addresses.
     */
    public static RealPool start(Path root, int agentCount, List<String> managerDbArgs, int agentPort)
            throws IOException {
        return start(root, agentCount, managerDbArgs, agentPort, Map.of());
    }

    /**
     * As {@link #start(Path, int, List, int)}, with {@code childEnv} added to the environment of every process the
     * pool starts (e.g. {@code O2POOL_E2E_LOG_LEVEL=DEBUG}).
     */
    public static RealPool start(Path root, int agentCount, List<String> managerDbArgs, int agentPort,
                                 Map<String, String> childEnv) throws IOException {
        return start(root, agentCount, managerDbArgs, agentPort, childEnv, i -> List.of());
    }

    /** As {@link #start(Path, int, List, int, Map)}, agent N started with the extra options {@code agentArgs(N)}. */
    public static RealPool start(Path root, int agentCount, List<String> managerDbArgs, int agentPort,
                                 Map<String, String> childEnv, java.util.function.IntFunction<List<String>> agentArgs)
            throws IOException {
        if (agentPort != 0) {
            for (int i = 1; i <= agentCount; i++) {
                if (!bindable("127.0.1." + i, agentPort)) {
                    throw new IllegalStateException("port " + agentPort + " is taken on 127.0.1." + i);
                }
            }
        }
        RealPool pool = new RealPool(root, managerDbArgs, agentPort, childEnv, agentArgs);
        try {
            List<Integer> indices = new ArrayList<>();
            for (int i = 1; i <= agentCount; i++) {
                indices.add(i);
            }
            pool.startAgents(indices);
            pool.api = pool.manager.start(pool.childEnv);
            return pool;
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * As {@link #start(Path, int, List)} in a new temporary directory named {@code prefix...}, which
     * {@link #closeAndDeleteFiles()} removes ({@code O2POOL_E2E_KEEP=1} keeps it, with every process's log, for a
     * post-mortem).
     */
    public static RealPool startInTempDir(String prefix, int agentCount, List<String> managerDbArgs)
            throws IOException {
        return start(Files.createTempDirectory(prefix), agentCount, managerDbArgs);
    }

    /** Stops every process by PID, then deletes the pool's directory unless {@code O2POOL_E2E_KEEP=1}. */
    public void closeAndDeleteFiles() throws IOException {
        close();
        if (!"1".equals(System.getenv("O2POOL_E2E_KEEP"))) {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Starts agents (in parallel: the JVMs boot at once) with the given indices. */
    public void startAgents(List<Integer> indices) throws IOException {
        List<RealAgent> started = new ArrayList<>();
        for (int i : indices) {
            if (i > MAX_AGENTS || agents.containsKey(i)) {
                throw new IllegalArgumentException("agent " + i + " exists or is outside 1-" + MAX_AGENTS);
            }
            RealAgent agent = new RealAgent(i, root, agentPort,
                    List.of(repository, root.resolve("other-repositories")));
            agents.put(i, agent);
            agent.extraArgs(agentArgs.apply(i));
            Files.createDirectories(agent.dir().resolve("etc"));
            agent.writeHosts(hostsText());
            agent.launch(childEnv);
            started.add(agent);
        }
        started.forEach(RealAgent::awaitStarted);
    }

    /** A hosts file mapping every pool node name to its 127.0.1.N address, as the seed asks for each server. */
    public static String hostsText() {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n");
        for (int i = 1; i <= MAX_AGENTS; i++) {
            b.append("127.0.1.").append(i).append("\te2e-host").append(i).append('\n');
        }
        return b.toString();
    }

    public RealAgent agent(int index) {
        RealAgent a = agents.get(index);
        if (a == null) {
            throw new IllegalArgumentException("no agent " + index);
        }
        return a;
    }

    public ManagerClient api() {
        return api;
    }

    public RealManager manager() {
        return manager;
    }

    /** Restarts the manager on the same data (after a stop or kill -9) with {@code env}; the new client is kept. */
    public ManagerClient restartManager(Map<String, String> env) throws IOException {
        manager.stop();
        Map<String, String> merged = new java.util.HashMap<>(childEnv);
        merged.putAll(env);
        api = manager.start(merged);
        return api;
    }

    public Path root() {
        return root;
    }

    public Path repository() {
        return repository;
    }

    public String repositoryUuid() {
        return repositoryUuid;
    }

    public int ipPort() {
        return ipPort;
    }

    /** A directory repository with a different UUID, under a root every agent may attach from. */
    public Path otherRepository(String name) throws IOException {
        Path dir = root.resolve("other-repositories").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".o2pool-repository"), UUID.randomUUID() + "\n");
        return dir;
    }

    /** The body of {@code POST /api/pools} for a pool on the shared repository with the short test timeouts. */
    public ObjectNode poolBody(String name, boolean loopbackPool) {
        return api.object().put("name", name).put("cluster_name", "ocfs2").put("ip_port", ipPort)
                .put("heartbeat_dead_threshold", DEAD_THRESHOLD).put("idle_timeout_ms", IDLE_TIMEOUT_MS)
                .put("keepalive_delay_ms", KEEPALIVE_DELAY_MS).put("reconnect_delay_ms", RECONNECT_DELAY_MS)
                .put("repository_type", "NFS").put("repository_path", repository.toString())
                .put("repository_uuid", repositoryUuid).put("loopback_pool", loopbackPool);
    }

    /** The body of {@code POST /api/servers} (Add Server) for agent {@code a} in pool {@code pool}. */
    public ObjectNode serverBody(String pool, RealAgent a) {
        return api.object().put("pool", pool).put("host", a.address()).put("name", "server" + a.index())
                .put("type", "VM_SERVER").put("location", "rack e2e").put("description", "agent " + a.nodeName())
                .put("agent_password", RealAgent.PASSWORD).put("agent_port", a.port());
    }

    /** Waits for job {@code id} to end (SUCCEEDED or FAILED) and returns it. */
    public JsonNode awaitJob(long id, Duration timeout) {
        await("job " + id + " to end").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            String s = api.get("/api/jobs/" + id).body().path("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED");
        });
        return api.get("/api/jobs/" + id).body();
    }

    /** Stops the manager and every agent, each by its PID. */
    @Override
    public void close() {
        manager.stop();
        agents.values().forEach(RealAgent::stop);
    }

    /** A random TCP port in {@code from}-{@code from + 9999} that can be bound on every agent address now. */
    private static int freePort(int from) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = from + ThreadLocalRandom.current().nextInt(10000);
            boolean free = true;
            for (int i = 1; i <= MAX_AGENTS && free; i++) {
                free = bindable("127.0.1." + i, port);
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + from + "-" + (from + 9999) + " on 127.0.1.1-"
                + MAX_AGENTS);
    }

    private static boolean bindable(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

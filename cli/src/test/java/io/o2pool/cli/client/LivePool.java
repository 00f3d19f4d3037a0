package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.Main;
import io.o2pool.cli.bench.BenchAgents;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import io.o2pool.manager.agents.HttpsAgentConnector;
import io.o2pool.manager.jobs.Pacer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A real manager (H2 in a temporary folder, its REST API over HTTPS on 127.0.0.1) and real agents in this JVM on
 * {@code 127.0.21.N} (HTTPS, live files, the userspace stack) sharing one repository folder, with an empty pool; the
 * {@code o2pool} command runs in this JVM against it, logged in (certificate pinned) through its own login file. The
 * manager reaches the agents through a {@link CuttableConnector}. Not thread-safe.
 */
final class LivePool implements AutoCloseable {
    static final String POOL = "cli-pool";
    private static final String ADMIN_PASSWORD = "cli-admin-password";

    /** The standard output of a run that must have succeeded (exit 0, else the test fails showing it), as JSON. */
    static JsonNode json(Run r) throws IOException {
        org.assertj.core.api.Assertions.assertThat(r.exitCode()).as(r.toString()).isZero();
        return io.o2pool.cli.client.ManagerApi.json().readTree(r.out());
    }

    /** What one {@code o2pool} command printed and returned. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Manager manager;
    /** The manager's connection to the agents: {@code connector.cutOff(name)} makes an agent unreachable to it. */
    final CuttableConnector connector;
    private final BenchAgents agents;
    private final List<BenchAgents.Started> started;
    private final Path loginFile;
    final Path agentPasswordFile;
    final ManagerApi api;

    LivePool(Path root, int agentCount) throws Exception {
        Path repositories = root.resolve("repositories");
        Path repository = repositories.resolve(POOL);
        Files.createDirectories(repository);
        String uuid = UUID.randomUUID().toString();
        Files.writeString(repository.resolve(".o2pool-repository"), uuid + "\n");
        agents = new BenchAgents(root.resolve("agents"), "127.0.21.", "cli-host");
        started = agents.start(1, agentCount, repositories);
        agentPasswordFile = root.resolve("agent-password");
        Files.writeString(agentPasswordFile, BenchAgents.PASSWORD + "\n");
        ManagerOptions options = ManagerOptions.parse(List.of("--data-dir", root.resolve("manager").toString(),
                "--listen", "127.0.0.1:0", "--agent-timeout", "30",
                "--status-interval", "1"), Map.of("O2POOL_ADMIN_PASSWORD", ADMIN_PASSWORD));
        connector = new CuttableConnector(HttpsAgentConnector.of(io.o2pool.manager.tls.ManagerIdentity
                .loadOrCreate(root.resolve("manager"), "127.0.0.1", Clock.systemUTC()), options.agentTimeout()));
        manager = Manager.start(options, connector, Clock.systemUTC(), Pacer.sleeping(),
                new PrintStream(OutputStream.nullOutputStream()));
        ManagerTarget anonymous = new ManagerTarget(manager.url(), null, manager.identity().fingerprint());
        JsonNode token = new ManagerApi(anonymous).post("/api/login",
                ManagerApi.json().createObjectNode().put("user", "admin").put("password", ADMIN_PASSWORD));
        loginFile = root.resolve("login.json");
        ManagerTarget target = anonymous.withToken(token.path("token").asText());
        new LoginFile(loginFile).save(target);
        api = new ManagerApi(target);
        api.post("/api/pools", ManagerApi.json().createObjectNode().put("name", POOL).put("repository_type", "NFS")
                .put("repository_path", repository.toString()).put("repository_uuid", uuid)
                .put("loopback_pool", true).put("ip_port", freePort()).put("heartbeat_dead_threshold", 7)
                .put("idle_timeout_ms", 5000).put("keepalive_delay_ms", 1000).put("reconnect_delay_ms", 2000));
    }

    /** Agent {@code n} (from 1). */
    BenchAgents.Started agent(int n) {
        return started.get(n - 1);
    }

    /** Runs {@code o2pool ARGS} in this JVM, logged in to this manager. */
    Run o2pool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var environment = new ClientEnvironment(Map.of("O2POOL_LOGIN_FILE", loginFile.toString()),
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc = Main.commandLine(environment).execute(args);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code o2pool ARGS} until its result passes {@code until}, failing with the last result otherwise. */
    Run o2poolUntil(Predicate<Run> until, Duration timeout, String... args) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Run r = o2pool(args);
            if (until.test(r)) {
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("o2pool " + List.of(args) + " did not give the expected answer within "
                        + timeout + "; last answer:\n" + r);
            }
            Thread.sleep(250);
        }
    }

    /** A TCP port free on the agents' first address now: the pool's o2net port. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.21.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            agents.close();
        }
    }
}

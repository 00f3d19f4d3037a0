package io.o2pool.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.tls.PinnedTrust;
import io.o2pool.cli.client.ManagerApi;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark (not a test): how long Add Server takes to reach ACTIVE through the REST API with real agents (in this
 * JVM, real HTTPS, real files, the userspace stack) and a real manager (H2 in a temporary directory), for pools of 1, 8
 * 32 and 64 servers; batch jobs of 16 and of 64 servers; each with its preflight/stage/commit/wait_live split.
 * Pools are filled with batch jobs and the measured server is added alone. Default o2cb timings unless
 * {@code --short-timeouts}. Run: {@code o2pool bench add-server}. The manager and the agents are started through
 * their public entry points ({@link Manager#start(ManagerOptions, PrintStream)}, {@link io.o2pool.agent.Agent#start
 * (io.o2pool.agent.AgentOptions)}) and driven only through the REST API.
 */
public final class AddServerBench {
    private final ObjectMapper json = ManagerApi.json();
    /** The manager's client, pinned to its certificate once it started. */
    private HttpClient http;
    private final boolean shortTimeouts;
    private final java.util.Set<String> runs;
    private String base;
    private String token;

    /** The figures {@code --runs} can choose, in the order they are measured. */
    public static final List<String> RUNS = List.of("1", "8", "b16", "32", "64", "b64");

    private AddServerBench(boolean shortTimeouts, java.util.Set<String> runs) {
        this.shortTimeouts = shortTimeouts;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        run(List.of(args), System.out);
        System.exit(0);
    }

    /**
     * Runs the benchmark ({@code --short-timeouts} for the minimum o2cb timings; {@code --runs 1,64,b64} for some of
     * {@link #RUNS} only: pools of 1, 8, 32, 64 and batches of 16, 64) and prints the figures.
     */
    public static void run(List<String> args, PrintStream out) throws Exception {
        java.util.Set<String> runs = new java.util.LinkedHashSet<>(RUNS);
        int at = args.indexOf("--runs");
        if (at >= 0) {
            runs = new java.util.LinkedHashSet<>(List.of(args.get(at + 1).split(",")));
            for (String r : runs) {
                if (!RUNS.contains(r)) {
                    throw new IllegalArgumentException("--runs: unknown run '" + r + "'; use some of " + RUNS);
                }
            }
        }
        new AddServerBench(args.contains("--short-timeouts"), runs).run(out);
    }

    /** A fresh repository folder with its id file, one per pool as on real hosts. */
    private static Path repository(Path root, String pool) throws IOException {
        Path repository = root.resolve("repositories").resolve(pool);
        Files.createDirectories(repository);
        Files.writeString(repository.resolve(".o2pool-repository"), UUID.randomUUID() + "\n");
        return repository;
    }

    private static String uuid(Path repository) throws IOException {
        return Files.readString(repository.resolve(".o2pool-repository")).strip();
    }

    private void run(PrintStream out) throws Exception {
        Path root = Files.createTempDirectory("o2pool-bench-");
        try {
            measure(root, out);
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void measure(Path root, PrintStream out) throws Exception {
        Path repositories = root.resolve("repositories");
        Files.createDirectories(repositories);
        ManagerOptions options = ManagerOptions.parse(List.of("--data-dir", root.resolve("manager").toString(),
                "--listen", "127.0.0.1:0", "--agent-timeout", "30"),
                Map.of("O2POOL_ADMIN_PASSWORD", "bench-admin-password"));
        out.printf("o2pool Add Server benchmark, %s, %d CPUs, Java %s, o2cb timings: %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                shortTimeouts ? "short (7 / 5000 / 1000 / 2000)" : "defaults (31 / 30000 / 2000 / 2000)");
        try (Manager manager = Manager.start(options, new PrintStream(java.io.OutputStream.nullOutputStream()))) {
            base = manager.url();
            http = HttpClient.newBuilder()
                    .sslContext(new PinnedTrust(manager.identity().fingerprint()).sslContext()).build();
            token = call("POST", "/api/login", json.createObjectNode().put("user", "admin")
                    .put("password", "bench-admin-password")).path("token").asText();
            if (runs.contains("1") || runs.contains("8")) {
                poolOfOneAndEight(root, repositories, out);
            }
            if (runs.contains("b16")) {
                batch(root, repositories, "p16", 11, 16, out, false);
            }
            if (runs.contains("32")) {
                poolOf(root, repositories, "p32", 31, 32, out);
            }
            if (runs.contains("64")) {
                poolOf(root, repositories, "p64", 71, 64, out);
            }
            if (runs.contains("b64")) {
                batch(root, repositories, "b64", 141, 64, out, true);
            }
        }
    }

    /** Pool of 1 and of 8: one add, a batch of 6, one add. */
    private void poolOfOneAndEight(Path root, Path repositories, PrintStream out) throws Exception {
        try (BenchAgents agents = new BenchAgents(root.resolve("p8"))) {
            Path repository = repository(root, "p8");
            var all = agents.start(1, 8, repositories);
            pool("p8", repository, uuid(repository));
            long one = add("p8", List.of(all.get(0)));
            if (runs.contains("1")) {
                out.printf("Add Server -> ACTIVE, pool of  1: %6d ms%n", one);
                split(out, 1);
            }
            if (runs.contains("8")) {
                add("p8", all.subList(1, 7));
                out.printf("Add Server -> ACTIVE, pool of  8: %6d ms%n", add("p8", List.of(all.get(7))));
                split(out, 8);
            }
        }
    }

    /** One batch of {@code size} into an empty pool. */
    private void batch(Path root, Path repositories, String name, int firstHost, int size, PrintStream out,
                       boolean withSplit) throws Exception {
        try (BenchAgents agents = new BenchAgents(root.resolve(name))) {
            Path repository = repository(root, name);
            var all = agents.start(firstHost, firstHost + size - 1, repositories);
            pool(name, repository, uuid(repository));
            out.printf("Batch add of %-2d -> ACTIVE       : %6d ms%n", size, add(name, all));
            if (withSplit) {
                split(out, size);
            }
        }
    }

    /**
     * Pool of {@code size}: a batch of size - 1, then one add; its commit step is one generation across all members.
     */
    private void poolOf(Path root, Path repositories, String name, int firstHost, int size, PrintStream out)
            throws Exception {
        try (BenchAgents agents = new BenchAgents(root.resolve(name))) {
            Path repository = repository(root, name);
            var all = agents.start(firstHost, firstHost + size - 1, repositories);
            pool(name, repository, uuid(repository));
            add(name, all.subList(0, size - 1));
            out.printf("Add Server -> ACTIVE, pool of %d: %6d ms%n", size, add(name, List.of(all.get(size - 1))));
            out.printf("Commit of one generation on %d  : %6d ms%n", size, stepMillis(lastJob, "commit"));
            split(out, size);
        }
    }

    private JsonNode lastJob;

    /** The last job's split: preflight, stage, commit and wait_live, with the number of nodes it covered. */
    private void split(PrintStream out, int nodes) {
        out.printf("  (same job, %d nodes: preflight %d ms, stage %d ms, commit %d ms, wait_live %d ms)%n", nodes,
                stepMillis(lastJob, "preflight"), stepMillis(lastJob, "stage"), stepMillis(lastJob, "commit"),
                stepMillis(lastJob, "wait_live"));
    }

    private void pool(String name, Path repository, String uuid) throws Exception {
        ObjectNode body = json.createObjectNode().put("name", name).put("repository_type", "NFS")
                .put("repository_path", repository.toString()).put("repository_uuid", uuid)
                .put("loopback_pool", true).put("ip_port", 17000 + Math.floorMod(name.hashCode(), 1000))
                .put("max_nodes", 64);
        if (shortTimeouts) {
            body.put("heartbeat_dead_threshold", 7).put("idle_timeout_ms", 5000).put("keepalive_delay_ms", 1000)
                    .put("reconnect_delay_ms", 2000);
        }
        call("POST", "/api/pools", body);
    }

    /** Adds the servers (one Add Server, or a batch) and returns the time from the request to the job's end. */
    private long add(String pool, List<BenchAgents.Started> servers) throws Exception {
        long start = System.nanoTime();
        JsonNode job;
        if (servers.size() == 1) {
            job = call("POST", "/api/servers", server(pool, servers.getFirst()));
        } else {
            ObjectNode body = json.createObjectNode().put("pool", pool);
            ArrayNode list = body.putArray("servers");
            servers.forEach(s -> list.add(server(null, s)));
            job = call("POST", "/api/servers/batch", body);
        }
        long id = job.path("id").asLong();
        while (true) {
            job = call("GET", "/api/jobs/" + id, null);
            String status = job.path("status").asText();
            if (status.equals("SUCCEEDED")) {
                lastJob = job;
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("job " + id + " failed: " + job.path("error_message").asText());
            }
            Thread.sleep(20);
        }
    }

    private ObjectNode server(String pool, BenchAgents.Started s) {
        ObjectNode body = json.createObjectNode().put("host", s.address()).put("name", s.nodeName())
                .put("type", "VM_SERVER").put("agent_password", BenchAgents.PASSWORD).put("agent_port", s.port());
        return pool == null ? body : body.put("pool", pool);
    }

    private static long stepMillis(JsonNode job, String step) {
        for (JsonNode s : job.path("steps")) {
            if (s.path("name").asText().equals(step)) {
                return Duration.between(Instant.parse(s.path("started_at").asText()),
                        Instant.parse(s.path("finished_at").asText())).toMillis();
            }
        }
        return -1;
    }

    private JsonNode call(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? json.nullNode() : json.readTree(r.body());
    }
}

package io.o2pool.e2e.kvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.tls.PinnedTrust;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The o2pool manager on the host, started in this JVM on {@code 127.0.0.1:<free port>} with an embedded H2 database in
 * the run directory, and a small client of its REST API: the scenarios talk to it only over HTTPS (its certificate
 * pinned), as an operator's browser or the CLI would. Its output goes to {@code manager.out} in the run directory.
 */
final class ManagerUnderTest implements AutoCloseable {
    static final String ADMIN_PASSWORD = "kvm-admin-password";
    /** One agent call may take this long: the first TLS handshake with a JVM emulated by TCG takes seconds. */
    static final Duration AGENT_TIMEOUT = Duration.ofSeconds(90);

    private final Manager manager;
    private final PrintStream out;
    private final String base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String token;

    private ManagerUnderTest(Manager manager, PrintStream out) {
        this.manager = manager;
        this.out = out;
        this.base = manager.url();
        Guest.useManagerKeys(manager.identity().tls().keyManagers()); // the guests' agents accept it once enrolled
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .sslContext(new PinnedTrust(manager.identity().fingerprint()).sslContext()).build();
        this.token = call("POST", "/api/login", json.createObjectNode().put("user", "admin")
                .put("password", ADMIN_PASSWORD)).path("token").asText();
    }

    /**
     * Starts the manager: status follows the agents' membership views every second, Add Server waits up to
     * {@code liveTimeout} for every node to see every node live.
     */
    static ManagerUnderTest start(Path runDir, Duration liveTimeout) {
        try {
            Path data = Files.createDirectories(runDir.resolve("manager"));
            PrintStream out = new PrintStream(Files.newOutputStream(runDir.resolve("manager.out")), true,
                    StandardCharsets.UTF_8);
            ManagerOptions options = ManagerOptions.parse(List.of("--data-dir", data.toString(),
                    "--listen", "127.0.0.1:0",
                    "--live-timeout", Long.toString(liveTimeout.toSeconds()), "--status-interval", "1",
                    "--agent-timeout", Long.toString(AGENT_TIMEOUT.toSeconds())),
                    Map.of("O2POOL_ADMIN_PASSWORD", ADMIN_PASSWORD));
            Manager m = Manager.start(options, out);
            return new ManagerUnderTest(m, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return base;
    }

    /** {@code POST /api/pools}: an OCFS2 pool on {@code device} (as the guests see it), short o2cb timeouts. */
    JsonNode createPool(String name, String device, int maxNodes) {
        ObjectNode body = json.createObjectNode().put("name", name).put("repository_type", "OCFS2")
                .put("repository_path", device).put("max_nodes", maxNodes).put("loopback_pool", false)
                .put("heartbeat_dead_threshold", ManagerScenariosKvmIT.DEAD_THRESHOLD)
                .put("idle_timeout_ms", ManagerScenariosKvmIT.IDLE_TIMEOUT_MS).put("keepalive_delay_ms", 1000)
                .put("reconnect_delay_ms", 2000);
        return call("POST", "/api/pools", body);
    }

    JsonNode pool(long id) {
        return call("GET", "/api/pools/" + id, null);
    }

    /**
     * {@code POST /api/servers}: Add Server for a guest whose agent the host reaches at 127.0.0.1:&lt;forward&gt; and
     * whose o2net address is its cluster-link address. Returns the queued job.
     */
    JsonNode addServer(String pool, Guest guest) {
        return call("POST", "/api/servers", serverBody(guest).put("pool", pool));
    }

    /** As {@link #addServer}, with {@code grow_slots}: a volume with too few node slots for the pool is grown. */
    JsonNode addServer(String pool, Guest guest, boolean growSlots) {
        return call("POST", "/api/servers", serverBody(guest).put("pool", pool).put("grow_slots", growSlots));
    }

    /** {@code POST /api/servers} as it came (202 and the queued job, or the refusal of the request). */
    Answer tryAddServer(String pool, Guest guest) {
        return send("POST", "/api/servers", serverBody(guest).put("pool", pool));
    }

    /**
     * {@code POST /api/plan} with action {@code add_server}: the dry run of adding {@code guest} (with
     * {@code grow_slots} when asked); nothing changes.
     */
    JsonNode planAdd(String pool, Guest guest, boolean growSlots) {
        ObjectNode body = json.createObjectNode().put("action", "add_server").put("pool", pool)
                .put("grow_slots", growSlots);
        body.putArray("servers").add(serverBody(guest));
        return call("POST", "/api/plan", body);
    }

    /** {@code PATCH /api/pools/{id}} with {@code fields}; returns the pool as it is then. */
    JsonNode patchPool(long id, Map<String, Object> fields) {
        return call("PATCH", "/api/pools/" + id, json.valueToTree(fields));
    }

    /** The Add Server fields of a guest, without the pool. */
    private ObjectNode serverBody(Guest guest) {
        return json.createObjectNode().put("host", "127.0.0.1").put("name", guest.name()).put("type", "VM_SERVER")
                .put("agent_password", Guest.AGENT_PASSWORD).put("agent_port", guest.agentPort())
                .put("cluster_address", guest.clusterIp());
    }

    JsonNode retry(long jobId) {
        return call("POST", "/api/jobs/" + jobId + "/retry", json.createObjectNode());
    }

    JsonNode job(long id) {
        return call("GET", "/api/jobs/" + id, null);
    }

    JsonNode server(long id) {
        return call("GET", "/api/servers/" + id, null);
    }

    JsonNode servers() {
        return call("GET", "/api/servers", null);
    }

    /**
     * {@code POST /api/plan} with action {@code remove_server}: the dry run of removing server {@code serverId}
     * (gracefully, or by {@code force}); nothing changes.
     */
    JsonNode planRemove(long serverId, boolean force) {
        return call("POST", "/api/plan", json.createObjectNode().put("action", "remove_server")
                .put("server_id", serverId).put("force", force));
    }

    /**
     * {@code DELETE /api/servers/{id}} (with {@code ?force=true} when {@code force}): Remove Server. Returns the
     * answer as it came (202 and the queued job, or the refusal).
     */
    Answer removeServer(long serverId, boolean force) {
        return send("DELETE", "/api/servers/" + serverId + (force ? "?force=true" : ""), null);
    }

    /** {@code GET /api/servers/{id}} as it came: 404 once the server is removed. */
    Answer findServer(long serverId) {
        return send("GET", "/api/servers/" + serverId, null);
    }

    /** {@code POST /api/servers/{id}/maintenance} with {@code action} ({@code enter} or {@code exit}): the queued job. */
    JsonNode maintenance(long serverId, String action) {
        return call("POST", "/api/servers/" + serverId + "/maintenance", json.createObjectNode().put("action", action));
    }

    /** {@code GET /api/events?after=N}: the audit events after id {@code after}, oldest first. */
    JsonNode events(long after) {
        return call("GET", "/api/events?after=" + after + "&limit=500", null);
    }

    /** The id of the newest audit event (0: none), as a mark to read the events after it. */
    long lastEventId() {
        long last = 0;
        for (long after = 0; ; ) {
            JsonNode page = events(after);
            if (page.isEmpty()) {
                return last;
            }
            for (JsonNode e : page) {
                last = Math.max(last, e.path("id").asLong());
            }
            if (last == after) {
                return last;
            }
            after = last;
        }
    }

    /** {@code GET /api/servers/{id}/fence}: the server's fence records as the manager read them, newest first. */
    JsonNode fences(long serverId) {
        return call("GET", "/api/servers/" + serverId + "/fence", null);
    }

    JsonNode membership(long poolId) {
        return call("GET", "/api/pools/" + poolId + "/membership", null);
    }

    /** Polls the job until it SUCCEEDED or FAILED (at most {@code limit}); returns its last view. */
    JsonNode awaitJob(long id, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode job = job(id);
            String status = job.path("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " still " + status + " after " + limit.toSeconds() + " s: "
                        + job.toPrettyString());
            }
            KvmHarness.sleep(250);
        }
    }

    /**
     * Each step's wall time in seconds, in order, from the job's persisted step times: the steps that ran to an end
     * (SUCCEEDED or FAILED); a ROLLED_BACK step's finish time is when it was undone, so it is left out.
     */
    static Map<String, Double> stepSeconds(JsonNode job) {
        Map<String, Double> steps = new LinkedHashMap<>();
        for (JsonNode s : job.path("steps")) {
            String status = s.path("status").asText();
            if ((status.equals("SUCCEEDED") || status.equals("FAILED")) && s.hasNonNull("started_at")
                    && s.hasNonNull("finished_at")) {
                steps.put(s.path("name").asText(), Duration.between(Instant.parse(s.path("started_at").asText()),
                        Instant.parse(s.path("finished_at").asText())).toMillis() / 1000.0);
            }
        }
        return steps;
    }

    /** The job's total time, from its start to its end, in seconds. */
    static double jobSeconds(JsonNode job) {
        return Duration.between(Instant.parse(job.path("started_at").asText()),
                Instant.parse(job.path("finished_at").asText())).toMillis() / 1000.0;
    }

    /** The messages of the job's steps (notes, findings, failures), one line each, for failure messages and logs. */
    static String describe(JsonNode job) {
        List<String> lines = new ArrayList<>();
        lines.add("job " + job.path("id").asText() + " " + job.path("kind").asText() + " " + job.path("status").asText()
                + (job.hasNonNull("error_step") ? " at " + job.path("error_step").asText() + ": "
                + job.path("error_message").asText() : ""));
        for (JsonNode s : job.path("steps")) {
            lines.add("  " + s.path("name").asText() + " " + s.path("status").asText()
                    + (s.hasNonNull("message") ? ": " + s.path("message").asText() : ""));
        }
        return String.join("\n", lines);
    }

    JsonNode call(String method, String path, JsonNode body) {
        Answer answer = send(method, path, body);
        if (answer.status() / 100 != 2) {
            throw new ApiError(method + " " + path + " answered " + answer.status() + ": " + answer.body(),
                    answer.status());
        }
        return answer.body();
    }

    /** One HTTP exchange with the manager: the status and the body (JSON, or a text node when it is not JSON). */
    Answer send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = r.body().isEmpty() ? json.nullNode() : json.readTree(r.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                parsed = json.getNodeFactory().textNode(r.body());
            }
            return new Answer(r.statusCode(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer of the manager: its HTTP status and body. */
    record Answer(int status, JsonNode body) {
    }

    /** A non-2xx answer of the manager. */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    static String table(Map<String, Double> steps) {
        StringBuilder sb = new StringBuilder();
        for (Entry<String, Double> e : steps.entrySet()) {
            sb.append(String.format(java.util.Locale.ROOT, "%s %.1f s; ", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        manager.close();
        out.close();
    }
}

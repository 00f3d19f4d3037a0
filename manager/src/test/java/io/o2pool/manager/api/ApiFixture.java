package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.tls.PinnedTrust;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.testkit.FakeClock;
import io.o2pool.testkit.JsonHttp;
import io.o2pool.testkit.JsonHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real manager (H2 in a temp dir, or PostgreSQL by URL) serving HTTPS on a 127.0.0.x loopback address, with fake
 * agents behind it, and a small JSON client, pinned to the manager's certificate, logged in as admin. Jobs run on real
 * threads; time is a fake clock.
 */
public final class ApiFixture implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-1";
    /** Only loopback addresses: 127.0.0.0/8. */
    public static final String HOST = "127.0.0.7";

    public final FakeFleet fleet = new FakeFleet();
    public final FakeClock clock = FakeClock.atEpochOfSeed();
    public final Manager manager;
    public final ObjectMapper json = Json.mapper();
    public final String printed;
    private final JsonHttp exchange;
    public String token;

    public ApiFixture(Path dataDir) {
        this(dataDir, List.of());
    }

    public ApiFixture(Path dataDir, List<String> extraArgs) {
        var args = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString(), "--listen", HOST + ":0",
                "--live-timeout", "30",
                "--status-interval", "3600")); // the status monitor has its own test; keep fake agents quiet
        args.addAll(extraArgs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            manager = Manager.start(ManagerOptions.parse(args, java.util.Map.of("O2POOL_ADMIN_PASSWORD", ADMIN_PASSWORD)), fleet, clock, clock::advance,
                    new PrintStream(out, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        printed = out.toString();
        exchange = new JsonHttp(json, Duration.ofSeconds(20),
                new PinnedTrust(manager.identity().fingerprint()).sslContext());
        token = login("admin", ADMIN_PASSWORD).body().path("token").asText();
    }

    public String base() {
        return manager.url();
    }

    public Reply login(String user, String password) {
        return send("POST", "/api/login", json.createObjectNode().put("user", user).put("password", password)
                .toString(), null);
    }

    public Reply get(String path) {
        return send("GET", path, null, token);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body instanceof String s ? s : json.valueToTree(body).toString(), token);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, token);
    }

    public Reply send(String method, String path, String body, String bearer) {
        return exchange.send(method, base() + path, body, bearer);
    }

    /**
     * Sends from another loopback source address ({@code localAddress}, in 127.0.0.0/8), as a client on another host
     * would; the manager sees that address as the caller's.
     */
    public Reply sendFrom(String localAddress, String method, String path, String body, String bearer) {
        try {
            HttpClient client = HttpClient.newBuilder().localAddress(java.net.InetAddress.getByName(localAddress))
                    .sslContext(new PinnedTrust(manager.identity().fingerprint()).sslContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            try (client) {
                return new JsonHttp(json, Duration.ofSeconds(20), client).send(method, base() + path, body, bearer);
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(localAddress, e);
        }
    }

    public HttpClient http() {
        return exchange.http();
    }

    /** Creates a pool with defaults and returns its JSON. */
    public JsonNode pool(String name) {
        Reply r = post("/api/pools", json.createObjectNode().put("name", name).put("repository_path", "/dev/sdc1"));
        if (r.status() != 201) {
            throw new IllegalStateException("pool create failed: " + r.text());
        }
        return r.body();
    }

    /** A valid Add Server body for a fake agent on {@code host}. */
    public com.fasterxml.jackson.databind.node.ObjectNode server(String pool, String host, String name) {
        return json.createObjectNode().put("pool", pool).put("host", host).put("name", name).put("type", "VM_SERVER")
                .put("location", "rack 1").put("description", "test").put("agent_password", FakeFleet.PASSWORD);
    }

    @Override
    public void close() {
        manager.close();
    }
}

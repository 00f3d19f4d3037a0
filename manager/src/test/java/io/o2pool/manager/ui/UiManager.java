package io.o2pool.manager.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.tls.PinnedTrust;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.jobs.Pacer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A real manager for browser tests: started in-process, HTTPS on a 127.0.0.x loopback address, with H2 in {@code dataDir},
 * the system clock and real sleeps, and scripted {@link FakeFleet} agents behind a {@link GatedConnector}; plus a
 * small JSON client (logged in as admin) for setting up what a test does not do through the page.
 */
final class UiManager implements AutoCloseable {
    /** Only loopback: 127.0.0.0/8. */
    static final String HOST = "127.0.0.21";
    static final String ADMIN_PASSWORD = "ui-test-admin-1";

    final FakeFleet fleet = new FakeFleet();
    final GatedConnector agents = new GatedConnector(fleet);
    final Manager manager;
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http;
    private final String token;

    /** A manager with the options every browser test uses plus {@code extraArgs}. */
    UiManager(Path dataDir, List<String> extraArgs) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString(), "--listen",
                HOST + ":0", "--live-timeout", "30"));
        args.addAll(extraArgs);
        manager = Manager.start(ManagerOptions.parse(args, Map.of("O2POOL_ADMIN_PASSWORD", ADMIN_PASSWORD)), agents, Clock.systemUTC(), Pacer.sleeping(),
                System.out);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(new PinnedTrust(manager.identity().fingerprint()).sslContext()).build();
        token = send("POST", "/api/login", json.createObjectNode().put("user", "admin")
                .put("password", ADMIN_PASSWORD)).path("token").asText();
    }

    String url() {
        return manager.url() + "/";
    }

    /** The certificate the manager serves, which the browser is told to accept. */
    java.security.cert.X509Certificate certificate() {
        return manager.identity().certificate();
    }

    /** Creates a pool with the seed's defaults on {@code /dev/sdc1}. */
    JsonNode createPool(String name) {
        return createPool(name, "/dev/sdc1");
    }

    /** A pool on its own shared disk {@code path} (the fakes of every pool share one fleet). */
    JsonNode createPool(String name, String path) {
        return send("POST", "/api/pools", json.createObjectNode().put("name", name).put("repository_path", path));
    }

    /** Adds a server through the API (as the CLI would) and waits until it is ACTIVE. */
    void addActiveServer(String pool, String host, String name) {
        send("POST", "/api/servers", json.createObjectNode().put("pool", pool).put("host", host).put("name", name)
                .put("type", "VM_SERVER").put("location", "rack 2").put("agent_password", FakeFleet.PASSWORD));
        Awaitility.await("server " + name + " ACTIVE").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> status(name).equals("ACTIVE"));
    }

    /** The server's status and reason, for a failure message. */
    String describe(String serverName) {
        for (JsonNode s : send("GET", "/api/servers", null)) {
            if (s.path("name").asText().equals(serverName)) {
                return s.path("status").asText() + " at " + s.path("status_step").asText() + ": "
                        + s.path("status_reason").asText();
            }
        }
        return "absent";
    }

    String status(String serverName) {
        for (JsonNode s : send("GET", "/api/servers", null)) {
            if (s.path("name").asText().equals(serverName)) {
                return s.path("status").asText();
            }
        }
        return "absent";
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path.substring(1)))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? json.nullNode() : json.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        agents.releaseAll();
        manager.close();
    }
}

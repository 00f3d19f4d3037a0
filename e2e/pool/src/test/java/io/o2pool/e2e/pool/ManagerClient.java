package io.o2pool.e2e.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.tls.PinnedTrust;
import io.o2pool.manager.api.Json;
import io.o2pool.testkit.JsonHttp;
import io.o2pool.testkit.JsonHttp.Reply;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A small JSON client of the manager's REST API over HTTPS, pinned to the manager's certificate and logged in as
 * admin; what an operator's script would do.
 */
public final class ManagerClient {
    private final String base;
    private final ObjectMapper json = Json.mapper();
    private final JsonHttp exchange;
    private String token;
    private volatile Consumer<Exchange> listener = e -> { };

    /** One request this client made and the answer it got, for tests that read every answer. */
    public record Exchange(String method, String path, Reply reply) {
    }

    /**
     * A client of the manager at {@code base} (e.g. {@code https://127.0.0.1:41234}) whose certificate has
     * {@code fingerprint}, logging in now.
     */
    public ManagerClient(String base, String fingerprint, String user, String password) {
        this.base = base;
        this.exchange = new JsonHttp(json, Duration.ofSeconds(30), new PinnedTrust(fingerprint).sslContext());
        Reply login = send("POST", "/api/login", json.createObjectNode().put("user", user).put("password", password)
                .toString());
        if (login.status() != 200) {
            throw new IllegalStateException("login to " + base + " failed: " + login.text());
        }
        token = login.body().path("token").asText();
    }

    public String base() {
        return base;
    }

    /** The bearer token this client logged in with. */
    public String token() {
        return token;
    }

    /** Hands every later request and its answer to {@code listener} (the login before this call was not seen). */
    public ManagerClient onExchange(Consumer<Exchange> listener) {
        this.listener = listener;
        return this;
    }

    /** Sends {@code body} (JSON text or null) with {@code bearer} (or none) instead of this client's token. */
    public Reply sendAs(String method, String path, String body, String bearer) {
        Reply r = exchange.send(method, base + path, body, bearer);
        listener.accept(new Exchange(method, path, r));
        return r;
    }

    public ObjectMapper json() {
        return json;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, JsonNode body) {
        return send("POST", path, body.toString());
    }

    public Reply put(String path, JsonNode body) {
        return send("PUT", path, body.toString());
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    private Reply send(String method, String path, String body) {
        return sendAs(method, path, body, token);
    }
}

package io.o2pool.e2e.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.tls.PinnedTrust;
import io.o2pool.manager.api.Json;
import io.o2pool.testkit.JsonHttp;
import io.o2pool.testkit.JsonHttp.Reply;
import java.time.Duration;

/**
 * A small JSON client of the manager's REST API over HTTPS, pinned to the manager's certificate and logged in as
 * admin; what an operator's script would do.
 */
public final class ManagerClient {
    private final String base;
    private final ObjectMapper json = Json.mapper();
    private final JsonHttp exchange;
    private String token;

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
        return exchange.send(method, base + path, body, token);
    }
}

package io.o2pool.e2e.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client of the manager's REST API, logged in as admin; what an operator's script would do. */
public final class ManagerClient {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.mapper();
    private String token;

    /** A client of the manager at {@code base} (e.g. {@code http://127.0.0.1:41234}), logging in now. */
    public ManagerClient(String base, String user, String password) {
        this.base = base;
        Reply login = send("POST", "/api/login", json.createObjectNode().put("user", user).put("password", password)
                .toString());
        if (login.status() != 200) {
            throw new IllegalStateException("login to " + base + " failed: " + login.text());
        }
        token = login.body().path("token").asText();
    }

    /** A response: status, JSON body (a null node when empty or not JSON) and the raw text. */
    public record Reply(int status, JsonNode body, String text) {
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node;
            try {
                node = r.body().isEmpty() ? json.nullNode() : json.readTree(r.body());
            } catch (IOException e) {
                node = json.nullNode();
            }
            return new Reply(r.statusCode(), node, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

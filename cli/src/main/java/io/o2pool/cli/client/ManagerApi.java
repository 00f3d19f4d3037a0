package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** A small JSON client of the manager's REST API: one method per HTTP verb, failures as {@link ApiFailure}. */
public final class ManagerApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManagerTarget target;
    private final HttpClient http;

    public ManagerApi(ManagerTarget target) {
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public ManagerTarget target() {
        return target;
    }

    public JsonNode get(String path) throws ApiFailure {
        return send(request(path).GET());
    }

    public JsonNode post(String path, JsonNode body) throws ApiFailure {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public JsonNode put(String path, JsonNode body) throws ApiFailure {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public JsonNode delete(String path) throws ApiFailure {
        return send(request(path).DELETE());
    }

    public static ObjectMapper json() {
        return JSON;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.url() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (target.token() != null) {
            b.header("Authorization", "Bearer " + target.token());
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder builder) throws ApiFailure {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ApiFailure(0, null, "cannot reach the manager at " + target.url() + " (" + e.getClass()
                    .getSimpleName() + "); is it running? Set O2POOL_URL or run o2pool login --url URL");
        } catch (IOException e) {
            throw new ApiFailure(0, null, "cannot reach the manager at " + target.url() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(0, null, "interrupted");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        if (status == 401) {
            throw new ApiFailure(401, null, "not logged in to " + target.url()
                    + " or the token expired; run: o2pool login --url " + target.url());
        }
        String message = body.path("error").asText(response.body());
        String field = body.hasNonNull("field") ? body.get("field").asText() : null;
        StringBuilder text = new StringBuilder(message);
        for (JsonNode f : body.path("fields")) {
            String fm = f.path("field").asText() + ": " + f.path("message").asText();
            if (!message.contains(fm)) {
                text.append("\n  ").append(fm);
            }
        }
        throw new ApiFailure(status, field, text.toString());
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("error", text.strip());
        }
    }
}

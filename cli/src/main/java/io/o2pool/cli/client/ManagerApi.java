package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.tls.FingerprintMismatchException;
import io.o2pool.agent.tls.PinnedTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A small JSON client of the manager's REST API: one method per HTTP verb, failures as {@link ApiFailure}. Over
 * {@code https:} it trusts exactly the certificate whose fingerprint the target pins (no CA, no host-name check, as
 * the manager pins agents) and refuses to send anything when none is pinned.
 */
public final class ManagerApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManagerTarget target;
    private HttpClient http;

    public ManagerApi(ManagerTarget target) {
        this.target = target;
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

    public JsonNode patch(String path, JsonNode body) throws ApiFailure {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
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

    /** The HTTP client for the target: pinned to its fingerprint over TLS; fails before any connection without one. */
    private HttpClient client() throws ApiFailure {
        if (http == null) {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (target.tls()) {
                if (target.fingerprint() == null) {
                    throw new ApiFailure(ExitCode.UNAUTHORIZED, PinnedManager.nonePinned(target.url()));
                }
                try {
                    b.sslContext(new PinnedTrust(target.fingerprint()).sslContext());
                } catch (IllegalArgumentException e) {
                    throw new ApiFailure(ExitCode.USAGE, "the fingerprint pinned for " + target.url()
                            + " (O2POOL_FINGERPRINT or the login file): " + e.getMessage());
                }
            }
            http = b.build();
        }
        return http;
    }

    private JsonNode send(HttpRequest.Builder builder) throws ApiFailure {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ApiFailure(0, null, "cannot reach the manager at " + target.url() + " (" + e.getClass()
                    .getSimpleName() + "); is it running? Set O2POOL_URL or run o2pool login --url URL");
        } catch (IOException e) {
            var mismatch = FingerprintMismatchException.in(e);
            if (mismatch.isPresent()) {
                throw new ApiFailure(ExitCode.UNAUTHORIZED, PinnedManager.changed(target.url(),
                        mismatch.get().pinned(), mismatch.get().seen()));
            }
            throw new ApiFailure(0, null, "cannot reach the manager at " + target.url() + ": " + e.getMessage()
                    + protocolHint(e));
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

    /** A hint when the URL's scheme does not match what the manager speaks (HTTPS unless --insecure-http). */
    private String protocolHint(IOException e) {
        if (target.tls() && e instanceof javax.net.ssl.SSLException) {
            return " (if that manager runs with --insecure-http, its URL starts with http://)";
        }
        if (!target.tls()) {
            return " (the manager speaks HTTPS unless started with --insecure-http: use https://"
                    + target.url().replaceFirst("(?i)^http://", "") + ")";
        }
        return "";
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

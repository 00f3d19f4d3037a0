package io.o2pool.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * JSON over HTTPS for tests of a REST API (the manager's, in process or as a real process): one request, its status,
 * its body parsed with the caller's mapper and the raw text. Needs Jackson, which this module declares optional:
 * modules that use it have Jackson already. Thread-safe.
 */
public final class JsonHttp {
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration requestTimeout;

    /** Requests parsed with {@code json}, each allowed {@code requestTimeout}, trusting the JDK's CAs only. */
    public JsonHttp(ObjectMapper json, Duration requestTimeout) {
        this(json, requestTimeout, (SSLContext) null);
    }

    /**
     * As {@link #JsonHttp(ObjectMapper, Duration)}, with {@code tls} deciding which server certificates are trusted
     * (e.g. one pinning the manager's fingerprint); null for the JDK's default.
     */
    public JsonHttp(ObjectMapper json, Duration requestTimeout, SSLContext tls) {
        this.json = json;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** As above, through {@code http} (e.g. one bound to another local address as well as trusting a certificate). */
    public JsonHttp(ObjectMapper json, Duration requestTimeout, HttpClient http) {
        this.json = json;
        this.requestTimeout = requestTimeout;
        this.http = http;
    }

    /** A response: status, JSON body (a null node when the body is empty or not JSON) and the raw text. */
    public record Reply(int status, JsonNode body, String text) {
    }

    /** Sends {@code body} (JSON, or null for none) to {@code url}, with {@code bearer} as the token unless null. */
    public Reply send(String method, String url, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
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
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + url + " interrupted", e);
        }
    }

    /** The HTTP client, for requests that are not JSON (pages, static files). */
    public HttpClient http() {
        return http;
    }
}

package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events: the audit log as JSON and as server-sent events (backlog, then live). */
class EventsResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void jsonListsEveryChange() {
        api.pool("ev1");
        var events = api.get("/api/events").body();
        assertThat(events.findValuesAsText("kind")).contains("user.created", "pool.created");
        long last = events.get(events.size() - 1).path("id").asLong();
        assertThat(api.get("/api/events?after=" + last).body().size()).isZero();
        assertThat(api.get("/api/events?after=x").status()).isEqualTo(400);
    }

    @Test
    void sseSendsTheBacklogThenLiveEvents() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/api/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + api.token).build();
        HttpResponse<InputStream> resp = api.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type").orElse("")).contains("text/event-stream");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            readUntil(in, lines, "event: user.created");
            api.pool("ev-live");
            readUntil(in, lines, "\"message\":\"pool ev-live created");
            assertThat(lines).anyMatch(l -> l.startsWith("id: "));
        }
    }

    private static void readUntil(BufferedReader in, List<String> lines, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.contains(marker)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("no SSE line containing " + marker + " in " + lines);
    }
}

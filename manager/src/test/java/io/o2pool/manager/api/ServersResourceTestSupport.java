package io.o2pool.manager.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Waiting for a job to finish through the API, polled with a timeout (no fixed sleeps). */
final class ServersResourceTestSupport {
    private ServersResourceTestSupport() {
    }

    static JsonNode waitForJob(ApiFixture api, long id) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String s = api.get("/api/jobs/" + id).body().path("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED");
        });
        return api.get("/api/jobs/" + id).body();
    }
}

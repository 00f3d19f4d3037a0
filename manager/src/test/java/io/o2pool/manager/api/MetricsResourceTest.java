package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics in Prometheus text, and the OpenAPI document; both open without a token. */
class MetricsResourceTest {
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
    void prometheusTextWithServerAndJobGauges() {
        var r = api.send("GET", "/metrics", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("# TYPE o2pool_servers gauge").contains("o2pool_servers{status=\"ACTIVE\"}")
                .contains("o2pool_jobs_current{status=\"QUEUED\"}");
    }

    @Test
    void openApiDocumentIsServedAndListsTheContract() {
        var r = api.send("GET", "/api/openapi.json", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("openapi").asText()).startsWith("3.");
        var paths = r.body().path("paths");
        for (String p : new String[] {"/api/login", "/api/pools", "/api/pools/{id}", "/api/servers",
                "/api/servers/{id}", "/api/servers/test-connection", "/api/servers/batch", "/api/plan", "/api/jobs",
                "/api/jobs/{id}", "/api/jobs/{id}/retry", "/api/events", "/metrics"}) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
    }
}

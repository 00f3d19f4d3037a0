package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.manager.agents.FakeAgent;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs: list, detail with steps, and retry of a failed job as a new linked job. */
class JobsResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        api.pool("jp");
        api.fleet.add("127.0.3.1", "jhost1");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aFailedAddIsRetriedAsANewLinkedJob() {
        api.fleet.at("127.0.3.1").failNext(FakeAgent.Op.START_STACK);
        var r = api.post("/api/servers", api.server("jp", "127.0.3.1", "j1"));
        JsonNode failed = ServersResourceTestSupport.waitForJob(api, r.body().path("id").asLong());
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error_step").asText()).isEqualTo("start_stack");
        assertThat(api.get("/api/servers/" + failed.path("server_id").asLong()).body().path("status").asText())
                .isEqualTo("ERROR");

        var retry = api.post("/api/jobs/" + failed.path("id").asLong() + "/retry", "{}");
        assertThat(retry.status()).as(retry.text()).isEqualTo(202);
        assertThat(retry.body().path("retry_of").asLong()).isEqualTo(failed.path("id").asLong());
        JsonNode done = ServersResourceTestSupport.waitForJob(api, retry.body().path("id").asLong());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/servers/" + failed.path("server_id").asLong()).body().path("status").asText())
                .isEqualTo("ACTIVE");
        assertThat(api.post("/api/jobs/" + done.path("id").asLong() + "/retry", "{}").status()).isEqualTo(409);

        var list = api.get("/api/jobs?pool_id=" + failed.path("pool_id").asLong()).body();
        assertThat(list.findValuesAsText("status")).contains("FAILED", "SUCCEEDED");
        assertThat(api.get("/api/jobs?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/jobs/999999").status()).isEqualTo(404);
    }
}

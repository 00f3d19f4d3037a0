package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/pools/{id}/membership}: every member's agent polled now, a failing agent as a view with an error. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolMembershipResourceTest {
    ApiFixture api;

    @BeforeAll
    void start(@TempDir Path dir) {
        api = new ApiFixture(dir);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private long poolOf(String pool, String... hosts) {
        long id = api.pool(pool).path("id").asLong();
        for (int i = 0; i < hosts.length; i++) {
            String name = pool + "-host" + i;
            api.fleet.add(hosts[i], name).withRepositoryMode("cluster", "rw,_netdev,heartbeat=local");
            var r = api.post("/api/servers", api.server(pool, hosts[i], name));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            assertThat(ServersResourceTestSupport.waitForJob(api, r.body().path("id").asLong()).path("status")
                    .asText()).isEqualTo("SUCCEEDED");
        }
        return id;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void everyMemberSeesEveryNodeLiveAndConnected() {
        long id = poolOf("mpool", "127.0.3.1", "127.0.3.2", "127.0.3.3");

        var r = api.get("/api/pools/" + id + "/membership");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode m = r.body();
        assertThat(m.path("pool_id").asLong()).isEqualTo(id);
        assertThat(m.path("generation").asLong()).isEqualTo(3);
        assertThat(m.path("polled_at").asText()).isNotEmpty();
        assertThat(m.path("views")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode v = m.path("views").get(i);
            assertThat(v.path("node_number").asInt()).as(v.toString()).isEqualTo(i);
            assertThat(v.path("name").asText()).isEqualTo("mpool-host" + i);
            assertThat(v.path("server_id").asLong()).isPositive();
            assertThat(v.path("error").isNull()).as(v.toString()).isTrue();
            assertThat(v.path("generation").asLong()).isEqualTo(3);
            assertThat(v.path("stack").asText()).isEqualTo("HEARTBEATING");
            assertThat(ints(v.path("configured_nodes"))).containsExactly(0, 1, 2);
            assertThat(ints(v.path("live_nodes"))).containsExactly(0, 1, 2);
            assertThat(ints(v.path("connected_nodes"))).containsExactly(0, 1, 2);
            assertThat(v.path("repository_mount_mode").asText()).isEqualTo("cluster");
        }
    }

    @Test
    void anUnreachableAgentGivesAViewWithAnError() {
        long id = poolOf("kpool", "127.0.4.1", "127.0.4.2");
        api.fleet.at("127.0.4.2").kill();

        JsonNode views = api.get("/api/pools/" + id + "/membership").body().path("views");

        assertThat(views).hasSize(2);
        JsonNode dead = views.get(1);
        assertThat(dead.path("name").asText()).isEqualTo("kpool-host1");
        assertThat(dead.path("error").asText()).as(dead.toString()).isNotEmpty();
        assertThat(dead.path("live_nodes")).isEmpty();
        assertThat(dead.path("stack").isNull()).isTrue();
        JsonNode alive = views.get(0);
        assertThat(alive.path("error").isNull()).as(alive.toString()).isTrue();
        assertThat(ints(alive.path("configured_nodes"))).containsExactly(0, 1);
    }

    @Test
    void aPoolWithoutMembersHasNoViewsAndAnUnknownPoolIs404() {
        long id = api.pool("empty").path("id").asLong();
        var r = api.get("/api/pools/" + id + "/membership");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("views")).isEmpty();
        assertThat(api.get("/api/pools/999999/membership").status()).isEqualTo(404);
        assertThat(api.get("/api/pools/x/membership").status()).isEqualTo(404);
    }
}

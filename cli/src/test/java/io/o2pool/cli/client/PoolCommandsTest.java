package io.o2pool.cli.client;

import static io.o2pool.cli.client.LivePool.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.client.LivePool.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code o2pool pool create|edit|delete} against a real manager, logged in as admin: text and {@code --json}, usage
 * errors found before anything is sent, and the manager's refusals as exit codes with its message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolCommandsTest {
    @TempDir
    static Path dir;
    private LivePool pool;

    @BeforeAll
    void start() throws Exception {
        pool = new LivePool(dir, 0);
    }

    @AfterAll
    void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    private JsonNode pools() throws Exception {
        return json(pool.o2pool("pool", "list", "--json"));
    }

    @Test
    void createEditAndDeleteAPoolWithTextAndJson() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo-edit"));
        JsonNode created = json(pool.o2pool("pool", "create", "edit-me", "--repository", repo.toString(),
                "--repository-type", "NFS", "--heartbeat-threshold", "7", "--max-nodes", "8", "--json"));
        assertThat(created.path("heartbeat_dead_threshold").asInt()).isEqualTo(7);
        assertThat(created.path("max_nodes").asInt()).isEqualTo(8);

        Run renamed = pool.o2pool("pool", "edit", "edit-me", "--name", "edited", "--ip-port", "7788");
        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
        assertThat(renamed.out()).contains("pool edited (id " + created.path("id").asText() + ") saved: name, ip_port");
        JsonNode edited = json(pool.o2pool("pool", "edit", "edited", "--idle-timeout-ms", "10000",
                "--set", "cluster_name=cl2", "--json"));
        assertThat(edited.path("ip_port").asInt()).isEqualTo(7788);
        assertThat(edited.path("idle_timeout_ms").asInt()).isEqualTo(10000);
        assertThat(edited.path("cluster_name").asText()).isEqualTo("cl2");
        assertThat(edited.path("heartbeat_dead_threshold").asInt()).as("left out: kept").isEqualTo(7);

        Run deleted = pool.o2pool("pool", "delete", "edited");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("pool edited (id " + created.path("id").asText() + ") deleted");
        pools().forEach(p -> assertThat(p.path("name").asText()).isNotIn("edit-me", "edited"));
    }

    @Test
    void badEditsAreRefusedAndChangeNothing() throws Exception {
        JsonNode before = json(pool.o2pool("pool", "show", LivePool.POOL, "--json"));

        Run nothing = pool.o2pool("pool", "edit", LivePool.POOL);
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(nothing.err()).contains("nothing to change; give --name");

        Run badSet = pool.o2pool("pool", "edit", LivePool.POOL, "--set", "cluster_name");
        assertThat(badSet.exitCode()).as(badSet.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badSet.err()).contains("--set expects FIELD=VALUE, got 'cluster_name'");

        Run badPort = pool.o2pool("pool", "edit", LivePool.POOL, "--ip-port", "70000", "--name", "renamed");
        assertThat(badPort.exitCode()).as(badPort.toString()).isNotZero();
        assertThat(badPort.err()).contains("ip_port");

        Run unknown = pool.o2pool("pool", "delete", "no-such-pool");
        assertThat(unknown.exitCode()).as(unknown.toString()).isNotZero();
        assertThat(unknown.err()).contains("no-such-pool");

        JsonNode after = json(pool.o2pool("pool", "show", LivePool.POOL, "--json"));
        assertThat(after.path("name").asText()).isEqualTo(LivePool.POOL);
        assertThat(after.path("ip_port")).isEqualTo(before.path("ip_port"));
    }
}

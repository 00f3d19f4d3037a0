package io.o2pool.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.client.LivePool.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change commands as an operator uses them, one story on one {@link LivePool} (a real manager and three real
 * agents in this JVM): a batch from a file, plans of every action, a batch from {@code --host}, drift and re-sync.
 * Each command is checked with its text and its {@code --json} output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivePoolCommandsTest {
    private static final Duration JOB = Duration.ofMinutes(2);

    @TempDir
    static Path dir;
    private LivePool pool;

    @BeforeAll
    void start() throws Exception {
        pool = new LivePool(dir, 3);
    }

    @AfterAll
    void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    private String line(int agent) {
        var a = pool.agent(agent);
        return a.address() + " " + a.nodeName() + " " + a.port();
    }

    private JsonNode json(Run r) throws Exception {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return ManagerApi.json().readTree(r.out());
    }

    private JsonNode servers() throws Exception {
        return json(pool.o2pool("server", "list", "--json"));
    }

    @Test
    @Order(1)
    void addBatchRefusesABadLineByItsNumberAndSendsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.txt"), "# two servers\n" + line(1) + "\n127.0.21.2\n");
        Run r = pool.o2pool("server", "add-batch", file.toString(), "--pool", LivePool.POOL, "--type", "vm",
                "--agent-password-file", pool.agentPasswordFile.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains(file + " line 3: 127.0.21.2 is an IP address, so the server's name");
        assertThat(servers()).isEmpty();
    }

    @Test
    @Order(2)
    void addBatchNamesTheFileLineOfEveryServerTheManagerRefuses() throws Exception {
        Path file = Files.writeString(dir.resolve("servers.txt"), line(1) + "\n\n" + line(2) + "\n");
        Run r = pool.o2pool("server", "add-batch", file.toString(), "--pool", LivePool.POOL, "--type", "storage",
                "--agent-password-file", pool.agentPasswordFile.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(r.err()).contains("servers[0].type (" + file + " line 1, cli-host1)",
                "servers[1].type (" + file + " line 3, cli-host2)");
        assertThat(servers()).isEmpty();
    }

    @Test
    @Order(3)
    void addBatchFromAFileWaitsUntilEveryServerIsActive() throws Exception {
        Path file = Files.writeString(dir.resolve("servers.txt"), "# the first two agents\n" + line(1)
                + "   # first\n" + line(2) + "\n");
        Run r = pool.o2pool("server", "add-batch", file.toString(), "--pool", LivePool.POOL, "--type", "vm",
                "--location", "rack 9", "--agent-password-file", pool.agentPasswordFile.toString(), "--wait");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(BATCH_ADD)", "commit", "wait_live", "SUCCEEDED");
        JsonNode servers = servers();
        assertThat(servers.findValuesAsText("name")).containsExactlyInAnyOrder("cli-host1", "cli-host2");
        assertThat(servers.findValuesAsText("status")).containsOnly("ACTIVE");
        assertThat(servers.findValuesAsText("location")).containsOnly("rack 9");
    }

    @Test
    @Order(30)
    void addBatchFromHostOptionsPrintsTheJobAndJobWatchFollowsIt() throws Exception {
        var a = pool.agent(3);
        Run r = pool.o2pool("server", "add-batch", "--host", a.address() + "," + a.nodeName() + "," + a.port(),
                "--pool", LivePool.POOL, "--type", "vm", "--agent-password-file", pool.agentPasswordFile.toString(),
                "--json");
        JsonNode job = json(r);
        assertThat(job.path("kind").asText()).isEqualTo("BATCH_ADD");
        Run watch = pool.o2pool("job", "watch", job.path("id").asText());
        assertThat(watch.exitCode()).as(watch.toString()).isZero();
        assertThat(servers().findValuesAsText("status")).containsOnly("ACTIVE").hasSize(3);

        Run again = pool.o2pool("server", "add-batch", "--host", a.address() + "," + a.nodeName() + "," + a.port(),
                "--pool", LivePool.POOL, "--type", "vm", "--agent-password-file", pool.agentPasswordFile.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(again.err()).contains("servers[0].name (--host " + a.address(), "a server named cli-host3 exists");
    }
}

package io.o2pool.cli.client;

import static io.o2pool.cli.client.LivePool.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.client.LivePool.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The change commands as an operator uses them, one story on one {@link LivePool} (a real manager and four real
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
        pool = new LivePool(dir, 4);
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

    private JsonNode servers() throws Exception {
        return json(pool.o2pool("server", "list", "--json"));
    }

    /** One field of every server, top level only: a server's heartbeat report names its peers too. */
    private static List<String> each(JsonNode servers, String field) {
        List<String> values = new java.util.ArrayList<>();
        servers.forEach(s -> values.add(s.path(field).asText()));
        return values;
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
        assertThat(each(servers, "name")).containsExactlyInAnyOrder("cli-host1", "cli-host2");
        assertThat(each(servers, "status")).containsOnly("ACTIVE");
        assertThat(each(servers, "location")).containsOnly("rack 9");
    }

    private String[] planAddThird(String... more) {
        var a = pool.agent(3);
        List<String> args = new java.util.ArrayList<>(List.of("plan", "add", "--host", a.address() + ","
                + a.nodeName() + "," + a.port(), "--pool", LivePool.POOL, "--type", "vm"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(5)
    void fixHostsShowsTheDiffThenWritesItWithYesAndJsonCarriesTheSameFields() throws Exception {
        var four = pool.agent(4);
        Path hosts = four.dir().resolve("hosts");
        String good = java.nio.file.Files.readString(hosts);
        java.nio.file.Files.writeString(hosts, "127.0.0.1\tlocalhost " + four.nodeName() + "\n");
        try {
            String pw = pool.agentPasswordFile.toString();
            String port = Integer.toString(four.port());
            Run shown = pool.o2pool("server", "fix-hosts", "--host", four.address(), "--agent-port", port,
                    "--agent-password-file", pw);
            assertThat(shown.exitCode()).as(shown.toString()).isZero();
            assertThat(shown.out()).contains("+" + four.address() + "\t" + four.nodeName(), "nothing written",
                    "--yes");
            assertThat(java.nio.file.Files.readString(hosts)).as("shown only").contains("localhost " + four.nodeName());

            JsonNode dry = json(pool.o2pool("server", "fix-hosts", "--host", four.address(), "--agent-port", port,
                    "--agent-password-file", pw, "--json"));
            assertThat(dry.path("applied").asBoolean()).isFalse();
            assertThat(dry.path("node_name").asText()).isEqualTo(four.nodeName());

            JsonNode written = json(pool.o2pool("server", "fix-hosts", "--host", four.address(), "--agent-port", port,
                    "--agent-password-file", pw, "--yes", "--json"));
            assertThat(written.path("applied").asBoolean()).isTrue();
            assertThat(java.nio.file.Files.readString(hosts)).isEqualTo("127.0.0.1\tlocalhost\n" + four.address()
                    + "\t" + four.nodeName() + "\n");
            assertThat(java.nio.file.Files.readString(Path.of(written.path("backup").asText())))
                    .contains("localhost " + four.nodeName());
            Run again = pool.o2pool("server", "fix-hosts", "--host", four.address(), "--agent-port", port,
                    "--agent-password-file", pw, "--yes");
            assertThat(again.out()).contains("nothing to fix");
        } finally {
            java.nio.file.Files.writeString(hosts, good);
        }
    }

    @Test
    @Order(10)
    void planAddShowsEveryStepWithItsEffectOnEveryServerAndChangesNothing() throws Exception {
        String pw = pool.agentPasswordFile.toString();
        Run text = pool.o2pool(planAddThird("--agent-password-file", pw));
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("plan ADD_SERVER in pool cli-pool: config generation 1 -> 2",
                "steps:\n  1. ", "cli-host3: assign node number 2", "cli-host1: stage the pool's new cluster.conf",
                "(the same diff as on ", "cli-host3: start the cluster stack",
                "wait until each sees nodes 0, 1, 2 live", "can run: ");
        assertThat(text.out()).containsPattern("(?m)^ {9}\\+.*cli-host3");

        JsonNode plan = json(pool.o2pool(planAddThird("--agent-password-file", pw, "--json")));
        assertThat(plan.path("action").asText()).isEqualTo("add_server");
        assertThat(plan.path("kind").asText()).isEqualTo("ADD_SERVER");
        assertThat(plan.path("refused").asBoolean()).isFalse();
        assertThat(plan.path("steps").findValuesAsText("effect")).contains("assign_node", "stage", "commit");
        assertThat(servers()).hasSize(2);
    }

    @Test
    @Order(11)
    void aRefusedPlanShowsItsFindingsWithTheFixAndExitsThree() throws Exception {
        Run text = pool.o2pool(planAddThird("--agent-password", "wrong-password"));
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(text.out()).contains("findings:\n  ERROR", "cli-host3: ", "fix: ", "REFUSED: 1 error",
                "steps: none");
        JsonNode plan = ManagerApi.json().readTree(pool.o2pool(planAddThird("--agent-password", "wrong-password",
                "--json")).out());
        assertThat(plan.path("refused").asBoolean()).isTrue();
        assertThat(plan.path("findings").findValuesAsText("severity")).contains("ERROR");
    }

    @Test
    @Order(12)
    void planRemoveGracefulAndForced() throws Exception {
        Run text = pool.o2pool("plan", "remove", "cli-host2");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("plan REMOVE_SERVER in pool cli-pool", "cli-host2: stop the cluster stack",
                "cli-host1: commit", "cli-host2: forget the pool", "Run it: o2pool server remove cli-host2 --wait");
        assertThat(json(pool.o2pool("plan", "remove", "cli-host2", "--json")).path("kind").asText())
                .isEqualTo("REMOVE_SERVER");

        Run forced = pool.o2pool("plan", "remove", "cli-host2", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(forced.out()).contains("ERROR   server.not-dead  cli-host2: ", "REFUSED");
        Run forcedJson = pool.o2pool("plan", "remove", "cli-host2", "--force", "--json");
        assertThat(forcedJson.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(ManagerApi.json().readTree(forcedJson.out()).path("findings").findValuesAsText("code"))
                .contains("server.not-dead");

        Run unknown = pool.o2pool("plan", "remove", "no-such-host");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(unknown.err()).contains("no server named 'no-such-host'");
        assertThat(each(servers(), "status")).containsOnly("ACTIVE").hasSize(2);
    }

    @Test
    @Order(13)
    void planTimeoutsShowsTheValuesThatChange() throws Exception {
        Run text = pool.o2pool("plan", "timeouts", LivePool.POOL, "--heartbeat-threshold", "9");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("plan CHANGE_TIMEOUTS in pool cli-pool",
                "o2cb timeouts: heartbeat_dead_threshold 7 -> 9", "cli-host1: stop the cluster stack",
                "cli-host2: start the cluster stack");
        JsonNode plan = json(pool.o2pool("plan", "timeouts", LivePool.POOL, "--heartbeat-threshold", "9", "--json"));
        assertThat(plan.path("timeouts").path("heartbeat_dead_threshold").asInt()).isEqualTo(9);

        Run same = pool.o2pool("plan", "timeouts", LivePool.POOL, "--heartbeat-threshold", "7");
        assertThat(same.exitCode()).as(same.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(same.out()).contains("ERROR   timeouts.unchanged  pool cli-pool already has", "REFUSED");
        Run none = pool.o2pool("plan", "timeouts", LivePool.POOL);
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(none.err()).contains("--heartbeat-threshold");
    }

    @Test
    @Order(14)
    void planResyncAndMaintenance() throws Exception {
        Run resync = pool.o2pool("plan", "resync", LivePool.POOL);
        assertThat(resync.exitCode()).as(resync.toString()).isZero();
        assertThat(resync.out()).contains("plan RESYNC in pool cli-pool: config stays at generation 1",
                "every member already runs generation 1", "nothing to do");
        assertThat(json(pool.o2pool("plan", "resync", LivePool.POOL, "--json")).path("kind").asText())
                .isEqualTo("RESYNC");

        Run enter = pool.o2pool("plan", "maintenance-enter", "cli-host2");
        assertThat(enter.exitCode()).as(enter.toString()).isZero();
        assertThat(enter.out()).contains("plan MAINTENANCE_ENTER", "cli-host2: detach (unmount) the pool's repository",
                "cli-host2: stop the cluster stack");
        assertThat(json(pool.o2pool("plan", "maintenance-enter", "cli-host2", "--json")).path("kind").asText())
                .isEqualTo("MAINTENANCE_ENTER");

        Run exit = pool.o2pool("plan", "maintenance-exit", "cli-host2");
        assertThat(exit.exitCode()).as(exit.toString()).isZero();
        assertThat(exit.out()).contains("plan MAINTENANCE_EXIT", "cli-host2: start the cluster stack",
                "cli-host1, cli-host2: wait until each sees nodes 0, 1 live");
        assertThat(json(pool.o2pool("plan", "maintenance-exit", "cli-host2", "--json")).path("kind").asText())
                .isEqualTo("MAINTENANCE_EXIT");
        assertThat(each(servers(), "status")).containsOnly("ACTIVE");
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
        assertThat(each(servers(), "status")).containsOnly("ACTIVE").hasSize(3);

        Run again = pool.o2pool("server", "add-batch", "--host", a.address() + "," + a.nodeName() + "," + a.port(),
                "--pool", LivePool.POOL, "--type", "vm", "--agent-password-file", pool.agentPasswordFile.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(again.err()).contains("servers[0].name (--host " + a.address(), "a server named cli-host3 exists");
    }

    @Test
    @Order(31)
    void addBatchWithoutWaitNamesTheJobToWatch() throws Exception {
        var a = pool.agent(4);
        Run r = pool.o2pool("server", "add-batch", "--host", a.address() + "," + a.nodeName() + "," + a.port(),
                "--pool", LivePool.POOL, "--type", "utility", "--agent-password-file",
                pool.agentPasswordFile.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("1 server ADDING to pool cli-pool \\(cli-host4\\); batch job (\\d+) \\(watch it:"
                + " o2pool job watch \\1\\)\n");
        String jobId = r.out().replaceAll("(?s).*job watch (\\d+).*", "$1");
        JsonNode job = json(pool.o2pool("job", "watch", jobId, "--json"));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(each(servers(), "status")).containsOnly("ACTIVE").hasSize(4);
    }

    @Test
    @Order(40)
    void driftShowsAHandEditedMemberUntilAResyncReachesEveryMember() throws Exception {
        Run inStep = pool.o2pool("pool", "drift", LivePool.POOL);
        assertThat(inStep.exitCode()).as(inStep.toString()).isZero();
        assertThat(inStep.out()).isEqualTo("pool cli-pool: in step (every member runs the pool's files)\n");
        assertThat(json(pool.o2pool("pool", "drift", LivePool.POOL, "--json"))).isEmpty();

        Path defaults = pool.agent(2).dir().resolve("etc/default/o2cb");
        String generation = json(pool.o2pool("pool", "show", LivePool.POOL, "--json")).path("generation").asText();
        pool.connector.cutOff("cli-host3"); // a member that does not answer holds every re-sync back
        try {
            Files.writeString(defaults, "# edited by hand\n", StandardOpenOption.APPEND);
            Run found = pool.o2poolUntil(r -> r.out().contains("cli-host2"), Duration.ofSeconds(60),
                    "pool", "drift", LivePool.POOL, "--json");
            JsonNode drift = json(found).get(0);
            assertThat(drift.path("server_name").asText()).isEqualTo("cli-host2");
            assertThat(drift.path("hand_edited").asBoolean()).isTrue();
            assertThat(drift.path("diff").asText()).contains("+# edited by hand");
            Run text = pool.o2pool("pool", "drift", LivePool.POOL);
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.out()).contains("pool cli-pool: 1 member differs from the pool's files (fix: o2pool pool"
                    + " resync cli-pool)", "cli-host2: its files were edited by hand; seen ",
                    "  it runs generation " + generation + " (checksum ", "    +# edited by hand");

            Run plan = pool.o2pool("plan", "resync", LivePool.POOL);
            assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCode.REFUSED.code());
            assertThat(plan.out()).contains("WARNING config.drift  cli-host2: ", "\n          +# edited by hand\n",
                    "ERROR   member.unreachable  cli-host3: ", "REFUSED: 1 error");
            Run failed = pool.o2pool("pool", "resync", LivePool.POOL, "--wait");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED.code());
            assertThat(failed.out()).contains("(RESYNC) FAILED", "failed at step ");
        } finally {
            pool.connector.restore("cli-host3");
        }

        Run queued = pool.o2pool("pool", "resync", LivePool.POOL);
        assertThat(queued.exitCode()).as(queued.toString()).isZero();
        assertThat(queued.out()).containsPattern("pool cli-pool: Re-sync job \\d+ queued");
        assertThat(json(pool.o2pool("pool", "resync", LivePool.POOL, "--json")).path("kind").asText())
                .isEqualTo("RESYNC");
        Run waited = pool.o2pool("pool", "resync", LivePool.POOL, "--wait");
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        assertThat(waited.out()).contains("(RESYNC)", "check", "SUCCEEDED");
        assertThat(Files.readString(defaults)).doesNotContain("edited by hand");
        pool.o2poolUntil(r -> r.out().contains("in step"), Duration.ofSeconds(60), "pool", "drift", LivePool.POOL);
    }

    @Test
    @Order(60)
    void vmVerbsDefineStartListStopAndDeleteAVmOnRealAgentsAndRefuseWhatCannotBeDone() throws Exception {
        String on = servers().get(0).path("name").asText();
        Run created = pool.o2pool("vm", "create", "cli-vm", "--pool", LivePool.POOL, "--memory", "128", "--ha",
                "--wait");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Run started = pool.o2pool("vm", "start", "cli-vm", "--on", on, "--wait");
        assertThat(started.exitCode()).as(started.toString()).isZero();

        Run list = pool.o2pool("vm", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("NAME", "SERVER", "STATE", "HA").containsPattern(
                "cli-vm\s+" + LivePool.POOL + "\s+" + on + "\s+RUNNING\s+HA\s+1\s+128 MiB");
        JsonNode vm = json(pool.o2pool("vm", "list", "--json")).get(0);
        assertThat(vm.path("name").asText()).isEqualTo("cli-vm");
        assertThat(vm.path("server").asText()).isEqualTo(on);
        assertThat(vm.path("state").asText()).isEqualTo("RUNNING");
        assertThat(vm.path("ha").asBoolean()).isTrue();

        // stand-in processes cannot live-migrate: the job fails saying so, and the VM keeps running where it was
        String other = servers().get(1).path("name").asText();
        Run migrate = pool.o2pool("vm", "migrate", "cli-vm", "--to", other, "--wait");
        assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(1);
        assertThat(migrate.out() + migrate.err()).contains("cannot live-migrate VM cli-vm", "process VM driver")
                .as("a refusal (409), not a driver failure (502)").doesNotContain("502");
        assertThat(json(pool.o2pool("vm", "show", "cli-vm", "--json")).path("server").asText()).isEqualTo(on);

        Run deleteRunning = pool.o2pool("vm", "delete", "cli-vm", "--wait");
        assertThat(deleteRunning.exitCode()).isEqualTo(1);
        assertThat(deleteRunning.out() + deleteRunning.err()).contains("VM cli-vm is RUNNING", "stop it first");

        Run stopped = pool.o2pool("vm", "stop", "cli-vm", "--timeout", "5", "--wait");
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(json(pool.o2pool("vm", "show", "cli-vm", "--json")).path("state").asText()).isEqualTo("STOPPED");
        Run deleted = pool.o2pool("vm", "delete", "cli-vm", "--wait");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(pool.o2pool("vm", "list").out()).contains("no VMs");

        Run unknown = pool.o2pool("vm", "start", "no-such-vm");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("no VM named no-such-vm");
        Run badName = pool.o2pool("vm", "create", "bad name!", "--pool", LivePool.POOL);
        assertThat(badName.exitCode()).isEqualTo(3);
        assertThat(badName.err()).contains("name");
    }
}

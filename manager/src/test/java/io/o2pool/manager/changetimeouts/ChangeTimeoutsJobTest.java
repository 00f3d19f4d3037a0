package io.o2pool.manager.changetimeouts;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeAgent.Op;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.StepStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change pool timeouts against scripted fake agents: every node or none, never while a VM runs. */
class ChangeTimeoutsJobTest {
    static final O2cbTimeouts WANTED = new O2cbTimeouts(15, 10000, 2000, 4000);

    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;

    @BeforeEach
    void threeActiveMembers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
        fleet.all().forEach(FakeAgent::clearCalls);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    private Job change(O2cbTimeouts wanted) {
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(), JobKind.CHANGE_TIMEOUTS, null,
                null, ChangeTimeoutsOperation.input(Json.mapper(), wanted)));
        t.engine.dispatch(pool.id());
        return t.store.jobs().find(job.id()).orElseThrow();
    }

    private Pool stored() {
        return t.store.pools().find(pool.id()).orElseThrow();
    }

    @Test
    void everyNodeStopsTakesTheNewTimeoutsAndRejoins() {
        Job job = change(WANTED);

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(stored().timeouts()).isEqualTo(WANTED);
        assertThat(stored().generation()).isEqualTo(4);
        for (int i = 1; i <= 3; i++) {
            FakeAgent a = agent(i);
            assertThat(a.liveGeneration()).isEqualTo(4);
            assertThat(a.liveO2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=15\n")
                    .contains("O2CB_IDLE_TIMEOUT_MS=10000\n").contains("O2CB_KEEPALIVE_DELAY_MS=2000\n")
                    .contains("O2CB_RECONNECT_DELAY_MS=4000\n");
            assertThat(a.liveO2cbDefaults()).isEqualTo(agent(1).liveO2cbDefaults());
            assertThat(a.liveText()).as("cluster.conf unchanged").isEqualTo(agent(1).liveText());
            assertThat(a.stackRunning()).isTrue();
            assertThat(a.attached()).isTrue();
            assertThat(a.calls()).as("agent %s", i).containsSubsequence("stage 4", "detach", "stop_stack", "commit 4",
                    "start_stack", "attach");
        }
        // no node started again before every node had stopped: o2cb peers with different timeouts refuse each other
        assertThat(job.steps()).extracting(s -> s.name()).containsExactly("validate", "allocate", "stage",
                "detach_repository", "stop_stack", "commit", "start_stack", "attach_repository", "wait_live");
        assertThat(job.steps()).allMatch(s -> s.status() == StepStatus.SUCCEEDED);
        assertThat(t.store.events().listAfter(0, 1000).stream().map(e -> e.message()))
                .anyMatch(m -> m.contains("runs with heartbeat_dead_threshold 15"));
    }

    @Test
    void refusedWhileAnyVmRunsAndNothingChanges() {
        String before = agent(1).liveO2cbDefaults();
        agent(2).withVms("vm-web01");
        agent(3).withVms("vm-db01", "vm-db02");

        Job job = change(WANTED);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("validate");
        assertThat(job.errorMessage()).contains("srv2 runs VMs [vm-web01]").contains("srv3 runs VMs [vm-db01, vm-db02]")
                .contains("that o2pool does not manage", "stop them first").contains("nothing was changed");
        for (int i = 1; i <= 3; i++) {
            assertThat(agent(i).calls()).as("agent %s", i).containsOnly("facts");
            assertThat(agent(i).liveO2cbDefaults()).isEqualTo(before);
            assertThat(agent(i).stackRunning()).isTrue();
        }
        assertThat(stored().timeouts()).isEqualTo(O2cbTimeouts.defaults());
        assertThat(stored().generation()).isEqualTo(3);
    }

    @Test
    void anUnreachableMemberRefusesTheChangeBeforeAnyNodeStops() {
        agent(3).kill();
        Job job = change(WANTED);
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("validate");
        assertThat(job.errorMessage()).contains("srv3 cannot be reached");
        assertThat(agent(1).calls()).noneMatch(c -> c.startsWith("stage") || c.equals("stop_stack"));
    }

    @Test
    void theSameTimeoutsAreRefused() {
        Job job = change(O2cbTimeouts.defaults());
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorMessage()).contains("already has heartbeat_dead_threshold 31");
        assertThat(agent(1).calls()).isEmpty();
    }

    @Test
    void aNodeThatCannotStartAgainPutsEveryNodeBackOnThePreviousTimeouts() {
        String before = agent(1).liveO2cbDefaults();
        agent(2).failNext(Op.START_STACK);

        Job job = change(WANTED);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("start_stack");
        assertThat(stored().timeouts()).isEqualTo(O2cbTimeouts.defaults());
        assertThat(stored().generation()).as("the restore generation").isEqualTo(5);
        for (int i = 1; i <= 3; i++) {
            FakeAgent a = agent(i);
            assertThat(a.liveGeneration()).as("agent %s", i).isEqualTo(5);
            assertThat(a.liveO2cbDefaults()).as("agent %s", i).isEqualTo(before);
            assertThat(a.stackRunning()).as("agent %s running again", i).isTrue();
            assertThat(a.attached()).as("agent %s attached again", i).isTrue();
            assertThat(a.stagedGenerations()).isEmpty();
        }
        // the rollback stopped every stack before restoring, then started them and attached the repository
        assertThat(agent(1).calls()).containsSubsequence("commit 4", "start_stack", "stop_stack", "stage 5",
                "commit 5", "start_stack", "attach");
    }

    @Test
    void aFailedStageAbortsEverywhereWithoutStoppingAnything() {
        agent(3).failNext(Op.STAGE);
        Job job = change(WANTED);
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("stage");
        for (int i = 1; i <= 3; i++) {
            assertThat(agent(i).calls()).as("agent %s", i).contains("abort 4").doesNotContain("stop_stack", "detach");
            assertThat(agent(i).liveGeneration()).isEqualTo(3);
        }
        assertThat(stored().timeouts()).isEqualTo(O2cbTimeouts.defaults());
    }

    @Test
    void aPoolWithoutServersJustRecordsTheTimeouts() {
        Pool empty = t.pool("empty");
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, empty.id(), JobKind.CHANGE_TIMEOUTS, null,
                null, ChangeTimeoutsOperation.input(Json.mapper(), WANTED)));
        t.engine.dispatch(empty.id());
        assertThat(t.store.jobs().find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(t.store.pools().find(empty.id()).orElseThrow().timeouts()).isEqualTo(WANTED);
        assertThat(List.of(agent(1), agent(2), agent(3))).allMatch(a -> a.calls().isEmpty());
    }
}

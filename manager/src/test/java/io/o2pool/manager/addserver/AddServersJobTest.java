package io.o2pool.manager.addserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeAgent.Op;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.StepStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Add Server job against scripted fake agents: the happy path, and all-or-nothing on every kind of failure. */
class AddServersJobTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;

    @BeforeEach
    void setUp() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        for (int i = 1; i <= 5; i++) {
            fleet.add("127.0.1." + i, "vm-host0" + i);
        }
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    private void addActive(int i) {
        Job job = t.add(pool, "127.0.1." + i, "srv" + i);
        assertThat(job.status()).as("job %s: %s", job.id(), job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void firstServerBecomesNodeZeroAndActive() {
        addActive(1);
        var s = t.server("srv1");
        assertThat(s.status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(s.nodeNumber()).isZero();
        assertThat(s.nodeName()).isEqualTo("vm-host01");
        assertThat(s.agentFingerprint()).isEqualTo("fp-vm-host01");
        assertThat(agent(1).liveGeneration()).isEqualTo(1);
        assertThat(agent(1).liveText()).contains("\tnumber = 0\n").contains("\tname = vm-host01\n");
        assertThat(agent(1).stackRunning()).isTrue();
        assertThat(t.store.pools().find(pool.id()).orElseThrow().repositoryUuid()).isEqualTo(FakeFleet.UUID);
    }

    @Test
    void eachAddLeavesEveryMemberByteIdenticalWithUniqueNumbers() {
        for (int i = 1; i <= 5; i++) {
            addActive(i);
            String reference = agent(1).liveText();
            for (int j = 1; j <= i; j++) {
                assertThat(agent(j).liveText()).isEqualTo(reference);
                assertThat(agent(j).liveGeneration()).isEqualTo(i);
                assertThat(agent(j).membership().liveNodes()).hasSize(i);
            }
            assertThat(FakeAgentNodes.numbers(reference)).hasSize(i).doesNotHaveDuplicates();
        }
        assertThat(t.server("srv5").nodeNumber()).isEqualTo(4);
    }

    @Test
    void newServerTakesTheLowestFreeNumber() {
        addActive(1);
        addActive(2);
        addActive(3);
        // free node 1 by removing srv2
        t.store.jdbi().useHandle(h -> t.store.servers().setStatus(h, t.server("srv2").id(), ServerStatus.REMOVING,
                null, null, t.clock.instant()));
        var input = io.o2pool.manager.api.Json.mapper().createObjectNode().put("server_id", t.server("srv2").id());
        t.store.jdbi().useHandle(h -> t.engine.enqueue(h, pool.id(),
                io.o2pool.manager.model.JobKind.REMOVE_SERVER, t.server("srv2").id(), null, input));
        t.engine.dispatch(pool.id());
        assertThat(t.store.servers().list()).extracting(s -> s.name()).containsExactly("srv1", "srv3");
        addActive(4);
        assertThat(t.server("srv4").nodeNumber()).isEqualTo(1);
        assertThat(agent(1).liveText()).isEqualTo(agent(4).liveText()).isEqualTo(agent(3).liveText());
        assertThat(agent(2).stackRunning()).isFalse();
    }

    @Test
    void preflightErrorStopsBeforeAnyChangeAndListsEveryFinding() {
        addActive(1);
        addActive(2);
        String before = agent(1).liveText();
        fleet.all().forEach(FakeAgent::clearCalls);
        agent(3).withRepositoryUuid("ffffffffffffffffffffffffffffffff")
                .withPreflightFinding(Finding.error("hosts.loopback", "srv3",
                        "/etc/hosts maps vm-host03 to 127.0.0.1", "map vm-host03 to its real address"));
        Job job = t.add(pool, "127.0.1.3", "srv3");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("preflight");
        assertThat(job.errorMessage()).contains("2 error(s)").contains("hosts.loopback").contains("repository.uuid");
        assertThat(agent(3).changedAnything()).isFalse();
        assertThat(agent(1).calls()).noneMatch(c -> c.startsWith("stage") || c.startsWith("abort"));
        assertThat(agent(1).liveText()).isEqualTo(before);
        var s = t.server("srv3");
        assertThat(s.status()).isEqualTo(ServerStatus.ERROR);
        assertThat(s.statusStep()).isEqualTo("preflight");
        assertThat(s.nodeNumber()).isNull();
    }

    @Test
    void stageFailureOnOneMemberAbortsEverywhere() {
        addActive(1);
        addActive(2);
        String before = agent(1).liveText();
        agent(2).failNext(Op.STAGE);
        Job job = t.add(pool, "127.0.1.3", "srv3");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("stage");
        for (int i = 1; i <= 3; i++) {
            assertThat(agent(i).stagedGenerations()).as("agent %s", i).isEmpty();
            assertThat(agent(i).calls()).as("agent %s", i).contains("abort 3").noneMatch(c -> c.startsWith("commit 3"));
        }
        assertThat(agent(1).liveText()).isEqualTo(before).isEqualTo(agent(2).liveText());
        assertThat(agent(3).liveText()).isEmpty();
        assertThat(t.store.pools().find(pool.id()).orElseThrow().generation()).isEqualTo(2);
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ERROR);
        assertThat(t.server("srv3").statusReason()).contains("scripted STAGE failure");
    }

    @Test
    void commitFailureRollsBackTheMembersThatCommitted() {
        addActive(1);
        addActive(2);
        addActive(3);
        String before = agent(1).liveText();
        agent(4).failNext(Op.COMMIT); // newcomer commits last, after every member
        Job job = t.add(pool, "127.0.1.4", "srv4");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("commit");
        for (int i = 1; i <= 3; i++) {
            // agents only move forward: the previous bytes come back as generation 5
            assertThat(agent(i).liveGeneration()).isEqualTo(5);
            assertThat(agent(i).liveText()).isEqualTo(before);
            assertThat(agent(i).calls()).containsSubsequence("commit 4", "stage 5", "commit 5");
        }
        assertThat(t.store.pools().find(pool.id()).orElseThrow().generation()).isEqualTo(5);
        assertThat(agent(4).liveText()).isEmpty();
        assertThat(job.steps()).filteredOn(s -> s.name().equals("stage")).extracting(s -> s.status())
                .containsExactly(StepStatus.ROLLED_BACK);
        // generation numbers are never reused: the retry stages generation 6
        Job retry = t.engine.retry(job.id());
        Job done = t.store.jobs().find(retry.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.retryOf()).isEqualTo(job.id());
        assertThat(agent(1).liveGeneration()).isEqualTo(6);
        assertThat(agent(4).liveText()).isEqualTo(agent(1).liveText());
        assertThat(t.server("srv4").status()).isEqualTo(ServerStatus.ACTIVE);
    }

    @Test
    void memberUnreachableAtPreflightStopsBeforeAnyChange() {
        addActive(1);
        addActive(2);
        agent(2).kill();
        fleet.all().forEach(FakeAgent::clearCalls);
        Job job = t.add(pool, "127.0.1.3", "srv3");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("preflight");
        assertThat(job.errorMessage()).contains("member.unreachable");
        assertThat(agent(1).changedAnything()).isFalse();
        assertThat(agent(3).changedAnything()).isFalse();
    }

    @Test
    void memberKilledAtCommitLeavesEverySurvivorOnThePreviousGeneration() {
        addActive(1);
        addActive(2);
        addActive(3);
        String before = agent(1).liveText();
        agent(2).killOn(Op.COMMIT);
        Job job = t.add(pool, "127.0.1.4", "srv4");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("commit");
        assertThat(job.errorMessage()).contains("connection refused");
        for (int i : new int[] {1, 3}) {
            assertThat(agent(i).liveGeneration()).as("agent %s", i).isEqualTo(5);
            assertThat(agent(i).liveText()).as("agent %s", i).isEqualTo(before);
            assertThat(agent(i).stagedGenerations()).as("agent %s", i).isEmpty();
        }
        assertThat(agent(2).liveGeneration()).isEqualTo(3); // died before committing: shows as drift until re-synced
        assertThat(agent(4).liveText()).isEmpty();
        assertThat(t.server("srv4").status()).isEqualTo(ServerStatus.ERROR);
        assertThat(t.server("srv4").statusStep()).isEqualTo("commit");
    }

    @Test
    void managerKilledMidCommitResumesAfterRestartAndFinishesActive() {
        addActive(1);
        addActive(2);
        agent(1).crashOn(Op.COMMIT);
        assertThatThrownBy(() -> t.add(pool, "127.0.1.3", "srv3")).isInstanceOf(FakeAgent.SimulatedCrash.class);
        Job interrupted = t.store.jobs().list(pool.id(), 1).getFirst();
        assertThat(interrupted.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(interrupted.steps()).filteredOn(s -> s.name().equals("commit")).extracting(s -> s.status())
                .containsExactly(StepStatus.RUNNING);
        assertThat(agent(1).liveGeneration()).isEqualTo(3);   // some members committed, others not
        assertThat(agent(3).liveGeneration()).isZero();

        t.engine(fleet).recover(); // a new engine over the same database, as after a restart
        Job done = t.store.jobs().find(interrupted.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        for (int i = 1; i <= 3; i++) {
            assertThat(agent(i).liveGeneration()).isEqualTo(3);
            assertThat(agent(i).liveText()).isEqualTo(agent(1).liveText());
        }
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ACTIVE);
    }

    @Test
    void managerKilledMidCommitRollsBackAfterRestartWhenAMemberIsGone() {
        addActive(1);
        addActive(2);
        String before = agent(1).liveText();
        agent(1).crashOn(Op.COMMIT);
        assertThatThrownBy(() -> t.add(pool, "127.0.1.3", "srv3")).isInstanceOf(FakeAgent.SimulatedCrash.class);
        agent(2).failNext(Op.COMMIT, 1, false); // after the restart member 2 refuses the resumed commit
        t.engine(fleet).recover();
        Job done = t.store.jobs().list(pool.id(), 1).getFirst();
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(agent(1).liveText()).isEqualTo(before).isEqualTo(agent(2).liveText());
        assertThat(agent(1).liveGeneration()).isEqualTo(agent(2).liveGeneration()).isEqualTo(4);
        assertThat(t.store.pools().find(pool.id()).orElseThrow().generation()).isEqualTo(4);
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ERROR);
    }

    @Test
    void transientFailureIsRetriedWithBackoffOnTheFakeClock() {
        addActive(1);
        agent(2).failNext(Op.START_STACK, 2, true);
        var start = t.clock.instant();
        addActive(2);
        assertThat(java.time.Duration.between(start, t.clock.instant())).isGreaterThanOrEqualTo(
                java.time.Duration.ofSeconds(3));
    }

    @Test
    void nodeNeverLiveTimesOutAndRollsBackEverything() {
        addActive(1);
        String before = agent(1).liveText();
        agent(2).failNext(Op.MEMBERSHIP, 1000, false);
        var start = t.clock.instant();
        Job job = t.add(pool, "127.0.1.2", "srv2");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("wait_live");
        assertThat(java.time.Duration.between(start, t.clock.instant())).isGreaterThanOrEqualTo(
                java.time.Duration.ofSeconds(30));
        assertThat(agent(1).liveText()).isEqualTo(before).doesNotContain("vm-host02");
        // the newcomer keeps the abandoned generation's files (agents have no "forget"), inert: stack stopped
        assertThat(agent(2).stackRunning()).isFalse();
        assertThat(agent(2).attached()).isFalse();
    }

    @Test
    void repositoryMountedInLocalModeFailsTheCheckAndRollsBack() {
        addActive(1);
        agent(2).withRepositoryMode("cluster", "rw,heartbeat=none");
        Job job = t.add(pool, "127.0.1.2", "srv2");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("attach_repository");
        assertThat(job.errorMessage()).contains("heartbeat=local");
        assertThat(agent(1).liveGeneration()).isEqualTo(3);
        assertThat(agent(1).liveText()).doesNotContain("vm-host02");
    }

    @Test
    void firstServerInLocalModeIsConvertedButNotWhileVmsRun() {
        agent(1).withRepositoryMode("local", "rw,heartbeat=none").withVms("vm1");
        Job refused = t.add(pool, "127.0.1.1", "srv1");
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.errorMessage()).contains("vms.running");
        assertThat(agent(1).changedAnything()).isFalse();

        agent(2).withRepositoryMode("local", "rw,heartbeat=none");
        addActive(2);
        assertThat(agent(2).calls()).contains("convert 32");
        assertThat(t.server("srv2").nodeNumber()).isZero();
    }

    @Test
    void batchAddsSeveralServersInOneGeneration() {
        addActive(1);
        Job job = t.add(pool, "127.0.1.2", "srv2", "127.0.1.3", "srv3", "127.0.1.4", "srv4");
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        for (int i = 1; i <= 4; i++) {
            assertThat(agent(i).liveGeneration()).isEqualTo(2);
            assertThat(agent(i).liveText()).isEqualTo(agent(1).liveText());
        }
        assertThat(t.store.servers().list()).extracting(s -> s.nodeNumber()).containsExactly(0, 1, 2, 3);
    }
}

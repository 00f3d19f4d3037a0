package io.o2pool.manager.removeserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeAgent.Op;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.ServerStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remove Server against scripted fake agents: the leaving server detaches and stops before the others drop it;
 * refused while it runs VMs or anyone does not answer; a member failing at commit is undone on every member; a
 * transient failure is retried.
 */
class RemoveServerJobTest {
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

    private Job remove(String name) {
        long id = t.server(name).id();
        Job job = t.store.jdbi().inTransaction(h -> {
            t.store.servers().setStatus(h, id, ServerStatus.REMOVING, null, null, t.clock.instant());
            return t.engine.enqueue(h, pool.id(), JobKind.REMOVE_SERVER, id, null,
                    Json.mapper().createObjectNode().put("server_id", id));
        });
        t.engine.dispatch(pool.id());
        return t.store.jobs().find(job.id()).orElseThrow();
    }

    @Test
    void theServerLeavesCleanlyThenEveryMemberDropsIt() {
        Job job = remove("srv2");
        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.steps()).extracting(JobStep::name).containsExactly("validate", "allocate", "stage",
                "detach_repository", "stop_stack", "commit", "forget_pool");
        assertThat(t.store.servers().list()).extracting(s -> s.name()).containsExactly("srv1", "srv3");
        assertThat(agent(2).stackRunning()).isFalse();
        assertThat(agent(2).attached()).isFalse();
        assertThat(agent(2).forgotten()).as("the server was told it left the pool").isTrue();
        assertThat(agent(2).calls()).containsSubsequence("detach", "stop_stack", "forget");
        assertThat(agent(2).calls()).noneMatch(c -> c.startsWith("stage") || c.startsWith("commit"));
        for (int i : new int[] {1, 3}) {
            assertThat(agent(i).liveGeneration()).isEqualTo(4);
            assertThat(agent(i).liveText()).doesNotContain("vm-host02").isEqualTo(agent(1).liveText());
        }
        assertThat(t.store.pools().find(pool.id()).orElseThrow().generation()).isEqualTo(4);
    }

    @Test
    void refusedWhileTheServerRunsVmsOrAMemberDoesNotAnswerAndNothingChanges() {
        agent(2).withVms("vm-web01");
        agent(3).kill();
        String before = agent(1).liveText();
        Job job = remove("srv2");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("validate");
        assertThat(job.errorMessage()).contains("2 error(s)").contains("srv2 runs VMs [vm-web01]")
                .contains("member srv3 is not reachable");
        assertThat(job.steps()).extracting(JobStep::name).containsExactly("validate");
        assertThat(agent(1).liveText()).isEqualTo(before);
        assertThat(agent(1).calls()).noneMatch(c -> c.startsWith("stage") || c.startsWith("abort"));
        assertThat(agent(2).stackRunning()).isTrue();
        assertThat(agent(2).changedAnything()).isFalse();
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.ERROR);
        assertThat(t.server("srv2").statusReason()).contains("vm-web01");
    }

    @Test
    void aMemberFailingAtCommitIsUndoneOnEveryMemberAndTheServerComesBack() {
        String before = agent(1).liveText();
        agent(3).failNext(Op.COMMIT);
        Job job = remove("srv2");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("commit");
        assertThat(job.errorMessage()).contains("scripted COMMIT failure");
        for (int i : new int[] {1, 3}) {
            // agents only move forward: the files with srv2 come back as a newer generation
            assertThat(agent(i).liveText()).as("agent %s", i).isEqualTo(before);
            assertThat(agent(i).liveGeneration()).as("agent %s", i).isEqualTo(5);
        }
        assertThat(agent(2).stackRunning()).as("the leaving server runs again").isTrue();
        assertThat(agent(2).attached()).isTrue();
        assertThat(agent(2).calls()).containsSubsequence("detach", "stop_stack", "start_stack", "attach");
        assertThat(t.store.pools().find(pool.id()).orElseThrow().generation()).isEqualTo(5);
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.ERROR);
        assertThat(t.server("srv2").nodeNumber()).isEqualTo(1);
    }

    @Test
    void aServerThatCannotBeToldItLeftStaysInThePoolOnEveryMember() {
        String before = agent(1).liveText();
        agent(2).failNext(Op.FORGET, 1, false);
        Job job = remove("srv2");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("forget_pool");
        for (int i : new int[] {1, 3}) {
            assertThat(agent(i).liveText()).as("agent %s", i).isEqualTo(before);
        }
        assertThat(agent(2).forgotten()).isFalse();
        assertThat(agent(2).stackRunning()).as("the leaving server runs again").isTrue();
        assertThat(t.store.servers().list()).extracting(s -> s.name()).contains("srv2");
    }

    @Test
    void aTransientFailureIsRetriedWithBackoff() {
        agent(1).failNext(Op.STAGE, 2, true);
        var start = t.clock.instant();
        Job job = remove("srv3");
        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        JobStep stage = job.steps().stream().filter(s -> s.name().equals("stage")).findFirst().orElseThrow();
        assertThat(stage.message()).contains("attempt 1 failed").contains("attempt 2 failed");
        assertThat(java.time.Duration.between(start, t.clock.instant())).isGreaterThanOrEqualTo(
                java.time.Duration.ofSeconds(3)); // 1 s then 2 s of backoff on the fake clock
        assertThat(agent(1).liveText()).doesNotContain("vm-host03");
        assertThat(t.store.servers().list()).extracting(s -> s.name()).containsExactly("srv1", "srv2");
    }

    @Test
    void aPermanentFailureStopsAtOnce() {
        agent(1).failNext(Op.STAGE, 1, false);
        Job job = remove("srv3");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("stage");
        assertThat(job.steps().stream().filter(s -> s.name().equals("stage")).findFirst().orElseThrow().message())
                .doesNotContain("retrying");
        assertThat(agent(3).stackRunning()).isTrue();
        assertThat(agent(1).stagedGenerations()).isEmpty();
    }
}

package io.o2pool.manager.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift found by comparing each member's live files with the pool's, and the re-sync that ends it. */
class ResyncJobTest {
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

    private Pool stored() {
        return t.store.pools().find(pool.id()).orElseThrow();
    }

    private Job resync() {
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(), JobKind.RESYNC, null, null,
                Json.mapper().createObjectNode()));
        t.engine.dispatch(pool.id());
        return t.store.jobs().find(job.id()).orElseThrow();
    }

    @Test
    void membersInStepShowNoDrift() {
        var expected = new io.o2pool.manager.change.PoolState(stored(), t.store.servers().listByPool(pool.id()), 0).currentFiles();
        for (int i = 1; i <= 3; i++) {
            assertThat(DriftCheck.check(expected, t.server("srv" + i), agent(i).liveConfig(), t.clock.instant()))
                    .isEmpty();
        }
    }

    @Test
    void aHandEditIsShownAsADiffAndTheResyncPutsThePoolsFilesBackEverywhere() {
        String original = agent(2).liveText();
        agent(2).editLiveClusterConf(original.replace("ip_port = 7777", "ip_port = 7778"));
        var expected = new io.o2pool.manager.change.PoolState(stored(), t.store.servers().listByPool(pool.id()), 0).currentFiles();
        Drift drift = DriftCheck.check(expected, t.server("srv2"), agent(2).liveConfig(), t.clock.instant())
                .orElseThrow();
        assertThat(drift.handEdited()).isTrue();
        assertThat(drift.liveGeneration()).isEqualTo(3);
        assertThat(drift.diff()).contains("-\tip_port = 7777\n", "+\tip_port = 7778\n", "--- pool generation 3 cluster.conf",
                "+++ srv2 cluster.conf");
        assertThat(drift.summary()).contains("srv2", "edited by hand");
        t.store.drifts().put(drift);
        assertThat(t.store.drifts().listByPool(pool.id())).hasSize(1);

        Job job = resync();

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(stored().generation()).isEqualTo(4);
        for (int i = 1; i <= 3; i++) {
            assertThat(agent(i).liveGeneration()).isEqualTo(4);
            assertThat(agent(i).liveText()).isEqualTo(original);
            assertThat(agent(i).liveConfig().handEdited()).isFalse();
        }
        assertThat(t.store.drifts().listByPool(pool.id())).isEmpty();
        assertThat(job.steps().getFirst().message()).contains("edited by hand").contains("+\tip_port = 7778");
        assertThat(t.store.events().listAfter(0, 1000)).anyMatch(e -> e.kind().equals("config.resynced")
                && e.message().contains("[srv2]"));
    }

    @Test
    void membersBehindThePoolsGenerationCatchUp() {
        t.store.jdbi().useHandle(h -> t.store.pools().setGeneration(h, pool.id(), 5));
        var expected = new io.o2pool.manager.change.PoolState(stored(), t.store.servers().listByPool(pool.id()), 0).currentFiles();
        Drift drift = DriftCheck.check(expected, t.server("srv1"), agent(1).liveConfig(), t.clock.instant())
                .orElseThrow();
        assertThat(drift.summary()).contains("behind");
        assertThat(drift.diff()).as("same files, other generation").isEmpty();

        Job job = resync();

        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(stored().generation()).isEqualTo(6);
        assertThat(fleet.all()).allMatch(a -> a.liveGeneration() == 6);
    }

    @Test
    void aMemberAheadOfThePoolGetsAGenerationAboveItsOwn() {
        t.store.jdbi().useHandle(h -> t.store.pools().setGeneration(h, pool.id(), 2));
        Job job = resync();
        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(stored().generation()).as("above every member's 3").isEqualTo(4);
        assertThat(fleet.all()).allMatch(a -> a.liveGeneration() == 4);
    }

    @Test
    void nothingDriftedNothingChanges() {
        Job job = resync();
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(stored().generation()).isEqualTo(3);
        assertThat(fleet.all()).allMatch(a -> !a.changedAnything());
        assertThat(job.steps().getFirst().message()).contains("already runs generation 3");
    }

    @Test
    void anUnreachableMemberStopsTheResyncBeforeAnyChange() {
        agent(2).editLiveClusterConf(agent(2).liveText() + "\n");
        agent(3).kill();
        Job job = resync();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("check");
        assertThat(job.errorMessage()).contains("srv3").contains("not reachable");
        assertThat(agent(1).changedAnything()).isFalse();
        assertThat(agent(2).liveConfig().handEdited()).isTrue();
    }
}

package io.o2pool.manager.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeAgent.Op;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Event;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift watch on a fake clock: drift recorded with its diff, re-synced once every member answers, with backoff. */
class DriftWatchTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;
    DriftWatch watch;

    @BeforeEach
    void threeActiveMembers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
        watch = new DriftWatch(t.store, fleet, t.clock, Duration.ofSeconds(10),
                DriftWatch.through(t.store, t.engine, Json.mapper()));
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    private void tickLater(Duration d) throws InterruptedException {
        t.clock.advance(d);
        watch.tick();
    }

    private List<Job> resyncs() {
        return t.store.jobs().list(pool.id(), 100).stream().filter(j -> j.kind() == JobKind.RESYNC).toList();
    }

    private List<String> events(String kind) {
        return t.store.events().listAfter(0, 1000).stream().filter(e -> e.kind().equals(kind))
                .map(Event::message).toList();
    }

    @Test
    void aPoolInStepIsLeftAlone() throws InterruptedException {
        tickLater(Duration.ofSeconds(10));
        assertThat(t.store.drifts().listByPool(pool.id())).isEmpty();
        assertThat(resyncs()).isEmpty();
    }

    @Test
    void aHandEditIsRecordedAndReSyncedAtOnceWhenEveryMemberAnswers() throws InterruptedException {
        String original = agent(2).liveText();
        agent(2).editLiveClusterConf(original.replace("ip_port = 7777", "ip_port = 7778"));

        tickLater(Duration.ofSeconds(10));

        assertThat(events("config.drift")).singleElement().asString().contains("srv2", "edited by hand");
        assertThat(resyncs()).singleElement().extracting(Job::status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(fleet.all()).allMatch(a -> a.liveGeneration() == 4 && a.liveText().equals(original));
        assertThat(t.store.drifts().listByPool(pool.id())).as("cleared by the re-sync").isEmpty();
        tickLater(Duration.ofSeconds(10));
        assertThat(resyncs()).hasSize(1);
    }

    @Test
    void aMemberThatMissedAGenerationIsReSyncedWhenItReturns() throws InterruptedException {
        agent(3).kill();
        t.store.jdbi().useHandle(h -> t.store.pools().setGeneration(h, pool.id(), 4)); // srv3 was away for it
        fleet.all().stream().filter(a -> a != agent(3)).forEach(a -> {
            a.stage(io.o2pool.manager.planner.ConfigBundles.bundle(t.store.pools().find(pool.id()).orElseThrow(),
                    io.o2pool.manager.change.PoolState.spec(pool, t.store.servers().listByPool(pool.id())), 4));
            a.commit(4);
        });

        tickLater(Duration.ofSeconds(10));
        assertThat(t.store.drifts().listByPool(pool.id())).isEmpty();
        assertThat(resyncs()).as("srv3 does not answer: nothing to compare, nothing queued").isEmpty();

        agent(3).revive();
        tickLater(Duration.ofSeconds(10));
        assertThat(events("config.drift")).singleElement().asString().contains("srv3", "behind");
        assertThat(resyncs()).singleElement().extracting(Job::status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(fleet.all()).allMatch(a -> a.liveGeneration() == 5);
    }

    @Test
    void anAbsentMemberBehindThePoolIsNotDriftItsReturnReSyncsIt() throws InterruptedException {
        t.store.jdbi().useHandle(h -> t.store.servers().setStatus(h, t.server("srv3").id(),
                io.o2pool.manager.model.ServerStatus.MAINTENANCE, null, "in maintenance", t.clock.instant()));
        t.store.jdbi().useHandle(h -> t.store.pools().setGeneration(h, pool.id(), 4)); // the pool moved on
        fleet.all().stream().filter(a -> a != agent(3)).forEach(a -> {
            a.stage(io.o2pool.manager.planner.ConfigBundles.bundle(t.store.pools().find(pool.id()).orElseThrow(),
                    io.o2pool.manager.change.PoolState.spec(pool, t.store.servers().listByPool(pool.id())), 4));
            a.commit(4);
        });
        tickLater(Duration.ofSeconds(10));
        assertThat(t.store.drifts().listByPool(pool.id())).isEmpty();
        assertThat(resyncs()).as("a member in maintenance is behind by design").isEmpty();
        assertThat(agent(3).calls()).as("not even read").noneMatch(c -> c.startsWith("live"));
    }

    @Test
    void aFailingReSyncIsRetriedOnlyAfterTheBackoff() throws InterruptedException {
        agent(2).editLiveClusterConf(agent(2).liveText() + "\n");
        agent(1).failNext(Op.STAGE, 2, false);

        tickLater(Duration.ofSeconds(10));
        assertThat(resyncs()).singleElement().extracting(Job::status).isEqualTo(JobStatus.FAILED);
        assertThat(t.store.drifts().listByPool(pool.id())).hasSize(1);

        tickLater(Duration.ofSeconds(10));
        tickLater(Duration.ofSeconds(10));
        assertThat(resyncs()).as("within the backoff").hasSize(1);
        assertThat(events("config.drift")).as("the same drift is logged once").hasSize(1);

        tickLater(DriftWatch.RESYNC_BACKOFF);
        assertThat(resyncs()).hasSize(2).allMatch(j -> j.status() == JobStatus.FAILED);
        tickLater(DriftWatch.RESYNC_BACKOFF);
        assertThat(resyncs()).hasSize(3);
        assertThat(resyncs().getFirst().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(t.store.drifts().listByPool(pool.id())).isEmpty();
    }

    @Test
    void roundsComeAtMostOncePerInterval() throws InterruptedException {
        tickLater(Duration.ofSeconds(10));
        fleet.all().forEach(FakeAgent::clearCalls);
        tickLater(Duration.ofSeconds(3));
        assertThat(agent(1).calls()).isEmpty();
        tickLater(Duration.ofSeconds(7));
        assertThat(agent(1).calls()).contains("live-config");
    }

    @Test
    void aHandEditedThresholdBelowTheMinimumIsReportedWithFileLineAndValueThenReSynced() throws InterruptedException {
        String problem = "/etc/default/o2cb line 18: heartbeat dead threshold cannot be less than 7"
                + " (O2CB_HEARTBEAT_THRESHOLD=3); set O2CB_HEARTBEAT_THRESHOLD to 7 or more (default 31)";
        agent(2).editLiveO2cbDefaults(agent(2).liveO2cbDefaults().replace("O2CB_HEARTBEAT_THRESHOLD=31",
                "O2CB_HEARTBEAT_THRESHOLD=3"), problem);
        agent(3).kill(); // not every member answers: the drift is recorded, no re-sync yet
        tickLater(Duration.ofSeconds(10));
        var drift = t.store.drifts().find(t.server("srv2").id()).orElseThrow();
        assertThat(drift.problems()).containsExactly(problem);
        assertThat(drift.diff()).contains("-O2CB_HEARTBEAT_THRESHOLD=31").contains("+O2CB_HEARTBEAT_THRESHOLD=3");
        assertThat(t.store.events().listAfter(0, 1000)).filteredOn(e -> e.kind().equals("config.drift"))
                .extracting(Event::message).anyMatch(m -> m.contains("line 18") && m.contains("THRESHOLD=3")
                        && m.contains("its stack cannot use them"));
        assertThat(resyncs()).isEmpty();
        agent(3).revive();
        tickLater(Duration.ofSeconds(10));
        assertThat(resyncs()).hasSize(1);
        assertThat(resyncs().getFirst().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(agent(2).liveO2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=31");
        assertThat(t.store.drifts().find(t.server("srv2").id())).isEmpty();
    }
}

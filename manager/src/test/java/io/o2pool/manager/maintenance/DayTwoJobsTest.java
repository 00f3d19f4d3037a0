package io.o2pool.manager.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.removeserver.RemoveServerOperation;
import io.o2pool.manager.status.StatusMonitor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day two against scripted fake agents: a dead member does not block Add Server or Change Timeouts; a member in
 * maintenance is skipped and comes back re-synced before its stack starts; forced removal only of the dead, refused
 * while any member's heartbeat still sees the node.
 */
class DayTwoJobsTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;
    StatusMonitor monitor;

    @BeforeEach
    void threeActiveMembers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
        fleet.add("127.0.1.4", "vm-host04"); // a newcomer
        monitor = new StatusMonitor(t.store, fleet, t.clock);
        fleet.all().forEach(FakeAgent::clearCalls);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    private Job run(JobKind kind, String server, com.fasterxml.jackson.databind.node.ObjectNode input) {
        long id = t.server(server).id();
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(), kind, id, null, input));
        t.engine.dispatch(pool.id());
        return t.store.jobs().find(job.id()).orElseThrow();
    }

    private Job maintenance(String server, boolean enter) {
        return run(enter ? JobKind.MAINTENANCE_ENTER : JobKind.MAINTENANCE_EXIT, server,
                MaintenanceOperation.input(Json.mapper(), t.server(server).id()));
    }

    private Job forceRemove(String server) {
        long id = t.server(server).id();
        String before = t.server(server).status().name();
        t.store.jdbi().useHandle(h -> t.store.servers().setStatus(h, id, ServerStatus.REMOVING, null, null,
                t.clock.instant()));
        return run(JobKind.REMOVE_SERVER, server, RemoveServerOperation.input(Json.mapper(), id, true)
                .put("status_before", before));
    }

    @Test
    void aDeadMemberDoesNotBlockAddServerOrChangeTimeoutsAndIsThenRemovedByForce() throws Exception {
        agent(3).kill(); // the host is gone: agent and node
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.DEAD);

        Job add = t.add(pool, "127.0.1.4", "srv4");
        assertThat(add.status()).as(add.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(add.steps().getFirst().message()).contains("skipped (srv3 DEAD)");
        assertThat(agent(1).liveText()).contains("vm-host03").contains("vm-host04"); // its node stays configured
        assertThat(agent(4).liveText()).isEqualTo(agent(1).liveText());

        Job timeouts = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(), JobKind.CHANGE_TIMEOUTS,
                null, null, io.o2pool.manager.changetimeouts.ChangeTimeoutsOperation.input(Json.mapper(),
                        new O2cbTimeouts(15, 30000, 2000, 2000))));
        t.engine.dispatch(pool.id());
        timeouts = t.store.jobs().find(timeouts.id()).orElseThrow();
        assertThat(timeouts.status()).as(timeouts.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(agent(4).liveO2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=15");

        Job removed = forceRemove("srv3");
        assertThat(removed.status()).as(removed.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(removed.steps()).extracting(JobStep::name).containsExactly("validate", "allocate", "stage",
                "commit"); // the dead server is not contacted
        for (int i : new int[] {1, 2, 4}) {
            assertThat(agent(i).liveText()).doesNotContain("vm-host03");
        }
        assertThat(t.store.servers().list()).extracting(s -> s.name()).containsExactly("srv1", "srv2", "srv4");
    }

    @Test
    void anUnreachableMemberWhoseHeartbeatIsLiveBlocksChangesAndCannotBeRemovedByForce() throws Exception {
        agent(3).silence(); // its agent does not answer; its node still writes to the shared disk
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.UNREACHABLE);
        assertThat(t.server("srv3").statusReason()).contains("live in the views of srv1, srv2");

        Job add = t.add(pool, "127.0.1.4", "srv4");
        assertThat(add.status()).isEqualTo(JobStatus.FAILED);
        assertThat(add.errorMessage()).contains("member.unreachable").contains("srv3");
        assertThat(agent(4).changedAnything()).isFalse();

        // the status alone would refuse it; even a member recorded DEAD is kept while a heartbeat sees it
        t.store.jdbi().useHandle(h -> t.store.servers().setStatus(h, t.server("srv3").id(), ServerStatus.DEAD,
                "membership", "stale verdict", t.clock.instant()));
        Job removed = forceRemove("srv3");
        assertThat(removed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(removed.errorMessage()).contains("server.live")
                .contains("live in the disk heartbeat views of srv1, srv2");
        assertThat(t.server("srv3").status()).as("a refused removal changes nothing").isEqualTo(ServerStatus.DEAD);
        assertThat(agent(1).liveText()).contains("vm-host03");
    }

    @Test
    void maintenanceRoundTripSkipsTheServerAndReSyncsItBeforeItsStackStarts() throws Exception {
        agent(2).withVms("vm-web01");
        Job refused = maintenance("srv2", true);
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.errorMessage()).contains("srv2 runs VMs [vm-web01]");
        assertThat(agent(2).stackRunning()).isTrue();
        agent(2).withoutVms();

        Job enter = maintenance("srv2", true);
        assertThat(enter.status()).as(enter.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(enter.steps()).extracting(JobStep::name).containsExactly("validate", "detach_repository",
                "stop_stack");
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.MAINTENANCE);
        assertThat(agent(2).stackRunning()).isFalse();
        monitor.tick(); // the others see it dead: expected, no alarm
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.MAINTENANCE);

        Job add = t.add(pool, "127.0.1.4", "srv4"); // the pool moves on without it
        assertThat(add.status()).as(add.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        long generation = t.store.pools().find(pool.id()).orElseThrow().generation();
        assertThat(agent(2).liveGeneration()).isLessThan(generation);
        agent(2).clearCalls();

        Job exit = maintenance("srv2", false);
        assertThat(exit.status()).as(exit.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(exit.steps()).extracting(JobStep::name).containsExactly("validate", "stage", "commit",
                "start_stack", "attach_repository", "wait_live");
        assertThat(agent(2).calls()).containsSubsequence("stage " + generation, "commit " + generation,
                "start_stack");
        assertThat(agent(2).liveText()).isEqualTo(agent(4).liveText()).contains("vm-host04");
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(agent(4).membership().liveNodes()).contains(t.server("srv2").nodeNumber());
    }
}

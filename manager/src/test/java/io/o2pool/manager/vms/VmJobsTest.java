package io.o2pool.manager.vms;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.status.StatusMonitor;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VM jobs against fake agents that keep one hypervisor each and share the repository's definitions and leases, taken
 * by the agent's real {@code LeaseRule}: lifecycle, placement, drain, HA after a death, nothing restarted while a
 * server may still run its VMs.
 */
class VmJobsTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;
    VmService vms;
    StatusMonitor monitor;
    HaTrigger ha;

    @BeforeEach
    void threeActiveMembers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
        vms = new VmService(t.store, t.engine, Json.mapper(), t.clock);
        monitor = new StatusMonitor(t.store, fleet, t.clock);
        ha = new HaTrigger(t.store, t.clock, HaTrigger.through(t.store, t.engine, Json.mapper()));
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    private Vm vm(String name) {
        return t.store.vms().findByName(name).orElseThrow();
    }

    private Job ok(Job job) {
        Job done = t.store.jobs().find(job.id()).orElseThrow();
        assertThat(done.status()).as(done.kind() + ": " + done.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        return done;
    }

    private Vm created(String name, boolean ha, int memory) {
        ok(vms.create(pool, new VmService.Spec(name, 1, memory, null, ha, null), "admin"));
        return vm(name);
    }

    private String serverOf(String name) {
        return t.store.servers().find(vm(name).serverId()).orElseThrow().name();
    }

    @Test
    void aVmIsDefinedStartedOnTheLeastLoadedServerMigratedStoppedAndDeleted() {
        Vm web = created("web", false, 512);
        assertThat(web.state()).isEqualTo(VmState.STOPPED);
        assertThat(web.uuid()).isEqualTo(io.o2pool.agent.api.VmDefinition.defaultUuid("web"));

        ok(vms.start(web, null, "admin"));
        assertThat(vm("web").state()).isEqualTo(VmState.RUNNING);
        assertThat(vm("web").desired()).isEqualTo(VmState.RUNNING);
        assertThat(serverOf("web")).isEqualTo("srv1"); // all empty: by name
        assertThat(agent(1).vm("web")).isEqualTo(VmState.RUNNING);
        assertThat(fleet.leaseHolder("web")).isEqualTo("vm-host01");

        ok(vms.start(created("db", false, 256), null, "admin"));
        assertThat(serverOf("db")).as("the least memory committed").isEqualTo("srv2");
        ok(vms.start(created("cache", false, 1024), null, "admin"));
        assertThat(serverOf("cache")).isEqualTo("srv3");
        ok(vms.start(created("api", false, 128), null, "admin"));
        assertThat(serverOf("api")).as("srv2 has 256 MiB, srv1 512, srv3 1024").isEqualTo("srv2");

        ok(vms.migrate(vm("web"), "srv3", "admin"));
        assertThat(serverOf("web")).isEqualTo("srv3");
        assertThat(agent(1).vm("web")).isNull();
        assertThat(agent(3).vm("web")).isEqualTo(VmState.RUNNING);
        assertThat(fleet.leaseHolder("web")).isEqualTo("vm-host03");

        ok(vms.stop(vm("web"), Duration.ofSeconds(5), "admin"));
        assertThat(vm("web").state()).isEqualTo(VmState.STOPPED);
        assertThat(vm("web").desired()).isEqualTo(VmState.STOPPED);
        assertThat(fleet.leaseHolder("web")).isNull();

        ok(vms.delete(vm("web"), "admin"));
        assertThat(t.store.vms().findByName("web")).isEmpty();
        assertThat(t.store.events().listAfter(0, 500)).extracting(e -> e.kind())
                .contains("vm.created", "vm.started", "vm.migrated", "vm.stopped", "vm.deleted");
    }

    @Test
    void refusedRequestsNameTheVmTheServerAndTheFixAndChangeNothing() {
        Vm web = created("web", false, 256);
        ok(vms.start(web, "srv2", "admin"));

        Job again = t.store.jobs().find(vms.start(vm("web"), "srv1", "admin").id()).orElseThrow();
        assertThat(again.status()).isEqualTo(JobStatus.FAILED);
        assertThat(again.errorMessage()).contains("vm.running").contains("VM web is RUNNING on srv2")
                .contains("stop it first");
        Job toSelf = t.store.jobs().find(vms.migrate(vm("web"), "srv2", "admin").id()).orElseThrow();
        assertThat(toSelf.errorMessage()).contains("already runs on srv2");
        Job toNobody = t.store.jobs().find(vms.migrate(vm("web"), "srv9", "admin").id()).orElseThrow();
        assertThat(toNobody.errorMessage()).contains("server srv9 is not a member of pool pool1");
        Job deleteRunning = t.store.jobs().find(vms.delete(vm("web"), "admin").id()).orElseThrow();
        assertThat(deleteRunning.errorMessage()).contains("VM web is RUNNING").contains("stop it first");
        assertThat(serverOf("web")).isEqualTo("srv2");
        assertThat(agent(2).vm("web")).isEqualTo(VmState.RUNNING);
        assertThat(agent(1).vm("web")).isNull();
    }

    @Test
    void aLeaseHeldByALiveServerRefusesAStartElsewhereEvenWhenTheManagerThinksItStopped() {
        Vm web = created("web", false, 256);
        ok(vms.start(web, "srv1", "admin"));
        // the manager's record is wrong (e.g. restored from an old backup): the agent's lease still refuses
        t.store.jdbi().useHandle(h -> t.store.vms().setPlacement(h, web.id(), null, VmState.STOPPED, "stale",
                t.clock.instant()));
        Job job = t.store.jobs().find(vms.start(vm("web"), "srv2", "admin").id()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorMessage()).contains("vm-host01");
        assertThat(agent(2).vm("web")).isNull();
        assertThat(agent(1).vm("web")).isEqualTo(VmState.RUNNING);
    }

    @Test
    void afterAHostCrashItsHaVmsRestartOnTheSurvivorsSpreadByLoadAndTheOthersStayDown() throws Exception {
        for (String name : new String[] {"ha1", "ha2"}) {
            ok(vms.start(created(name, true, 256), "srv3", "admin"));
        }
        ok(vms.start(created("plain", false, 256), "srv3", "admin"));
        ok(vms.start(created("busy", false, 1024), "srv1", "admin"));

        agent(3).crash();
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.DEAD);
        ha.tick();

        assertThat(vm("ha1").state()).isEqualTo(VmState.RUNNING);
        assertThat(vm("ha2").state()).isEqualTo(VmState.RUNNING);
        assertThat(serverOf("ha1")).as("srv2 carries nothing, srv1 1 GiB").isEqualTo("srv2");
        assertThat(serverOf("ha2")).as("srv2 now 256 MiB, still below srv1").isEqualTo("srv2");
        assertThat(vm("plain").state()).isEqualTo(VmState.DOWN);
        assertThat(vm("plain").stateReason()).contains("srv3 is DEAD").contains("not HA");
        assertThat(agent(2).vm("ha1")).isEqualTo(VmState.RUNNING);
        assertThat(fleet.leaseHolder("ha1")).isEqualTo("vm-host02");
        assertThat(t.store.events().listAfter(0, 500)).filteredOn(e -> e.kind().equals("vm.ha-restarted"))
                .extracting(e -> e.message()).containsExactlyInAnyOrder(
                        "HA VM ha1 restarted on srv2 after srv3 died", "HA VM ha2 restarted on srv2 after srv3 died");

        ha.tick(); // once per death
        assertThat(t.store.jobs().list(null, 100).stream().filter(j -> j.kind() == VmAction.HA_RESTART.kind())).hasSize(1);
    }

    @Test
    void anUnreachableServerThatStillHeartbeatsKeepsItsVmsUnknownAndNothingStartsElsewhere() throws Exception {
        ok(vms.start(created("ha1", true, 256), "srv3", "admin"));
        agent(3).silence();
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.UNREACHABLE);
        ha.tick();
        assertThat(vm("ha1").state()).isEqualTo(VmState.UNKNOWN);
        assertThat(t.store.jobs().list(null, 100)).noneMatch(j -> j.kind() == VmAction.HA_RESTART.kind());

        Job byHand = t.store.jobs().find(vms.start(vm("ha1"), "srv1", "admin").id()).orElseThrow();
        assertThat(byHand.status()).isEqualTo(JobStatus.FAILED);
        assertThat(byHand.errorMessage()).contains("VM ha1 is UNKNOWN on srv3").contains("never started elsewhere");
        assertThat(agent(1).vm("ha1")).isNull();
        assertThat(agent(2).vm("ha1")).isNull();
    }

    private Job maintenance(String server, boolean enter) {
        long id = t.server(server).id();
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(), enter
                ? io.o2pool.manager.model.JobKind.MAINTENANCE_ENTER : io.o2pool.manager.model.JobKind.MAINTENANCE_EXIT,
                id, null, io.o2pool.manager.maintenance.MaintenanceOperation.input(Json.mapper(), id)));
        t.engine.dispatch(pool.id());
        return t.store.jobs().find(job.id()).orElseThrow();
    }

    @Test
    void maintenanceEnterDrainsTheServerByLiveMigrationSpreadOverTheOthersAndNoVmStops() {
        ok(vms.start(created("a", false, 512), "srv2", "admin"));
        ok(vms.start(created("b", false, 256), "srv2", "admin"));
        ok(vms.start(created("c", false, 128), "srv1", "admin"));

        Job enter = ok(maintenance("srv2", true));
        assertThat(enter.steps()).extracting(io.o2pool.manager.model.JobStep::name)
                .containsExactly("validate", "drain_vms", "detach_repository", "stop_stack");
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.MAINTENANCE);
        assertThat(serverOf("a")).as("srv3 is empty, srv1 has 128 MiB").isEqualTo("srv3");
        assertThat(serverOf("b")).as("then srv1 (128) is below srv3 (512)").isEqualTo("srv1");
        for (String name : new String[] {"a", "b", "c"}) {
            assertThat(vm(name).state()).isEqualTo(VmState.RUNNING);
        }
        assertThat(agent(2).vm("a")).isNull();
        assertThat(agent(3).vm("a")).isEqualTo(VmState.RUNNING);
        assertThat(fleet.leaseHolder("b")).isEqualTo("vm-host01");
        assertThat(agent(2).calls()).noneMatch(c -> c.startsWith("stop-vm") || c.startsWith("destroy-vm"));

        ok(maintenance("srv2", false));
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.ACTIVE);
    }

    @Test
    void aDrainThatCannotMoveAVmIsRefusedBeforeAnythingChanges() throws Exception {
        ok(vms.start(created("a", false, 256), "srv2", "admin"));
        agent(1).silence();
        agent(3).silence();
        new StatusMonitor(t.store, fleet, t.clock).tick();
        agent(1).revive();
        agent(3).revive();
        // srv1 and srv3 are UNREACHABLE now: no live server can take the VM
        Job enter = t.store.jobs().find(maintenance("srv2", true).id()).orElseThrow();
        assertThat(enter.status()).isEqualTo(JobStatus.FAILED);
        assertThat(enter.errorMessage()).contains("vm.drain").contains("can take VM a");
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(agent(2).vm("a")).isEqualTo(VmState.RUNNING);
    }

    private Job changeTimeouts(boolean stopVms) {
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(),
                io.o2pool.manager.model.JobKind.CHANGE_TIMEOUTS, null, null,
                io.o2pool.manager.changetimeouts.ChangeTimeoutsOperation.input(Json.mapper(),
                        new io.o2pool.manager.model.O2cbTimeouts(15, 30000, 2000, 2000), stopVms)));
        t.engine.dispatch(pool.id());
        return t.store.jobs().find(job.id()).orElseThrow();
    }

    @Test
    void changeTimeoutsStopsTheVmsFirstAndStartsThemAgainWhereTheyRanOnlyWhenAskedTo() {
        ok(vms.start(created("a", false, 256), "srv1", "admin"));
        ok(vms.start(created("b", true, 256), "srv3", "admin"));

        Job refused = changeTimeouts(false);
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refused.errorMessage()).contains("vms.running", "srv1 runs VMs [a]", "stop_vms");
        assertThat(agent(1).vm("a")).isEqualTo(VmState.RUNNING);

        Job job = ok(changeTimeouts(true));
        assertThat(job.steps()).extracting(io.o2pool.manager.model.JobStep::name).containsExactly("validate",
                "stop_vms", "allocate", "stage", "detach_repository", "stop_stack", "commit", "start_stack",
                "attach_repository", "wait_live", "start_vms");
        assertThat(agent(1).calls()).containsSubsequence("stop-vm a", "stop_stack", "start-vm a");
        assertThat(serverOf("a")).isEqualTo("srv1");
        assertThat(serverOf("b")).isEqualTo("srv3");
        assertThat(vm("a").state()).isEqualTo(VmState.RUNNING);
        assertThat(vm("b").desired()).as("the operator's wish is kept").isEqualTo(VmState.RUNNING);
        assertThat(agent(3).vm("b")).isEqualTo(VmState.RUNNING);
        assertThat(agent(1).liveO2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=15");
    }

    @Test
    void aGracefulRemoveDrainsTheServerFirst() {
        ok(vms.start(created("a", true, 256), "srv3", "admin"));
        long id = t.server("srv3").id();
        t.store.jdbi().useHandle(h -> t.store.servers().setStatus(h, id, ServerStatus.REMOVING, null, null,
                t.clock.instant()));
        Job job = t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(),
                io.o2pool.manager.model.JobKind.REMOVE_SERVER, id, null,
                io.o2pool.manager.removeserver.RemoveServerOperation.input(Json.mapper(), id, false)
                        .put("status_before", "ACTIVE")));
        t.engine.dispatch(pool.id());
        Job done = ok(job);
        assertThat(done.steps()).extracting(io.o2pool.manager.model.JobStep::name).startsWith("validate", "drain_vms",
                "allocate");
        assertThat(t.store.servers().list()).extracting(s -> s.name()).containsExactly("srv1", "srv2");
        assertThat(serverOf("a")).isEqualTo("srv1");
        assertThat(vm("a").state()).isEqualTo(VmState.RUNNING);
        assertThat(agent(1).vm("a")).isEqualTo(VmState.RUNNING);
        assertThat(agent(3).vm("a")).isNull();
    }
}

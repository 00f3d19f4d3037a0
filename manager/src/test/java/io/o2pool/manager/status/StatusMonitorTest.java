package io.o2pool.manager.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.model.Event;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server status follows the members' membership views: dead in their views, fenced, unreachable, and back. */
class StatusMonitorTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;
    StatusMonitor monitor;

    @BeforeEach
    void threeActiveServers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
        monitor = new StatusMonitor(t.store, fleet, t.clock);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    @Test
    void anActiveServerWhoseStackStoppedIsDeadInTheMembersViewsWithTheReasonAndComesBack() throws Exception {
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ACTIVE);

        agent(3).stopStack(); // its heartbeat stops: the others see node 2 dead, its agent still answers
        monitor.tick();
        Server down = t.server("srv3");
        assertThat(down.status()).isEqualTo(ServerStatus.DEAD);
        assertThat(down.statusStep()).isEqualTo(StatusVerdict.STEP);
        assertThat(down.statusReason()).contains("node 2 (vm-host03) is dead in the views of srv1, srv2")
                .contains("its stack is OFFLINE");
        assertThat(t.server("srv1").status()).isEqualTo(ServerStatus.ACTIVE);

        agent(3).startStack();
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ACTIVE);
        assertThat(t.server("srv3").statusReason()).isNull();
        assertThat(t.store.events().listAfter(0, 1000)).extracting(Event::message)
                .anyMatch(m -> m.startsWith("server srv3 is DEAD: node 2 (vm-host03) is dead"))
                .anyMatch(m -> m.startsWith("server srv3 is ACTIVE again"));
    }

    @Test
    void aServerWhoseAgentStopsAnsweringIsUnreachableWhileItsNodeStaysLive() throws Exception {
        agent(2).failNext(FakeAgent.Op.MEMBERSHIP, 1, true); // its API does not answer; its node still heartbeats
        monitor.tick();
        assertThat(t.server("srv2").status()).as(t.server("srv2").statusReason()).isEqualTo(ServerStatus.UNREACHABLE);
        assertThat(t.server("srv2").statusReason()).contains("agent of srv2 does not answer");
        monitor.tick();
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.ACTIVE);
    }

    @Test
    void aKilledServerIsDeadInTheOthersViews() throws Exception {
        agent(1).kill(); // the whole host: agent and node
        monitor.tick();
        assertThat(t.server("srv1").status()).isEqualTo(ServerStatus.DEAD);
        assertThat(t.server("srv1").statusReason()).contains("dead in the views of srv2, srv3 since")
                .contains("the agent of srv1 does not answer");
        String first = t.server("srv1").statusReason();
        t.clock.advance(java.time.Duration.ofSeconds(30));
        monitor.tick();
        assertThat(t.server("srv1").statusReason()).as("the time of death is when it was first seen").isEqualTo(first);
    }

    @Test
    void aDeadServerThatAnswersAgainWithItsStackStoppedIsBroughtBackOncePerEpisode() throws Exception {
        List<String> queued = new java.util.ArrayList<>();
        monitor = new StatusMonitor(t.store, fleet, t.clock, server -> {
            queued.add(server.name());
            return 99L;
        });
        agent(3).kill(); // the host dies
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.DEAD);
        assertThat(queued).as("nothing to bring back while it does not answer").isEmpty();

        agent(3).revive();
        agent(3).stopStack(); // it rebooted: its agent answers, its stack is stopped
        monitor.tick();
        assertThat(queued).containsExactly("srv3");
        monitor.tick();
        assertThat(queued).as("once per episode").containsExactly("srv3");
        assertThat(t.store.events().listAfter(0, 1000)).extracting(Event::message)
                .anyMatch(m -> m.startsWith("server srv3 answers again after it was DEAD; its stack is stopped")
                        && m.contains("job 99 brings it to generation"));

        agent(3).startStack(); // the job did its work: live again, and a later death is a new episode
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ACTIVE);
        agent(3).kill();
        monitor.tick();
        agent(3).revive();
        agent(3).stopStack();
        monitor.tick();
        assertThat(queued).containsExactly("srv3", "srv3");
    }

    @Test
    void whatADeadServersVmGuardKilledIsRecordedOnceWhenItsAgentAnswersAgain() throws Exception {
        agent(2).kill(); // the agent dies without fencing: its heartbeat stops, its guard kills the guests
        monitor.tick();
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.DEAD);
        var kill = new io.o2pool.agent.api.GuardKill(t.clock.instant(), "vm-host02", List.of("web", "db"),
                "the node's heartbeat has not advanced for 10012 ms (guard bound 10000 ms)");
        agent(2).withGuardKill(kill);

        agent(2).revive();
        agent(2).stopStack(); // its agent runs again, its stack is stopped: still DEAD
        monitor.tick();
        monitor.tick();
        List<Event> kills = t.store.events().listAfter(0, 1000).stream()
                .filter(e -> e.kind().equals(GuardKillEvents.KIND)).toList();
        assertThat(kills).as("once, however often it is polled").singleElement().satisfies(e -> {
            assertThat(e.serverId()).isEqualTo(t.server("srv2").id());
            assertThat(e.message()).startsWith("the VM guard of server srv2 (node vm-host02) killed web, db at ")
                    .contains("has not advanced for 10012 ms");
        });

        agent(2).startStack(); // live again; a later death is a new episode, but the old kill is not recorded twice
        monitor.tick();
        agent(2).kill();
        monitor.tick();
        agent(2).revive();
        agent(2).stopStack();
        monitor.tick();
        assertThat(t.store.events().listAfter(0, 1000)).filteredOn(e -> e.kind().equals(GuardKillEvents.KIND)).hasSize(1);
        agent(2).withGuardKill(new io.o2pool.agent.api.GuardKill(kill.time().plusSeconds(60), "vm-host02",
                List.of("mail"), "the node's slot shows a clean stop"));
        agent(2).startStack();
        monitor.tick();
        agent(2).kill();
        monitor.tick();
        agent(2).revive();
        agent(2).stopStack();
        monitor.tick();
        assertThat(t.store.events().listAfter(0, 1000)).filteredOn(e -> e.kind().equals(GuardKillEvents.KIND))
                .extracting(Event::message).hasSize(2).last().asString().contains("killed mail at");
    }

    @Test
    void aStackStoppedByHandWhileItsAgentAnsweredIsLeftAlone() throws Exception {
        List<String> queued = new java.util.ArrayList<>();
        monitor = new StatusMonitor(t.store, fleet, t.clock, server -> {
            queued.add(server.name());
            return 99L;
        });
        agent(3).stopStack(); // someone stopped o2cb on the host; its agent never stopped answering
        monitor.tick();
        monitor.tick();
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.DEAD);
        assertThat(queued).isEmpty();
    }

    @Test
    void aJobsErrorIsNotTheMonitorsToClear() throws Exception {
        t.store.jdbi().useHandle(h -> t.store.servers().setStatus(h, t.server("srv1").id(), ServerStatus.ERROR,
                "stop_removed", "remove failed: boom", t.clock.instant()));
        monitor.tick();
        assertThat(t.server("srv1").status()).isEqualTo(ServerStatus.ERROR);
        assertThat(t.server("srv1").statusReason()).isEqualTo("remove failed: boom");
    }

    private List<Event> events(String kindPrefix) {
        return t.store.events().listAfter(0, 1000).stream().filter(e -> e.kind().startsWith(kindPrefix)).toList();
    }

    @Test
    void theFirstPollIsTheBaselineAndRecordsNoMembershipEvents() throws Exception {
        agent(3).sees("vm-host01", false); // already so before the monitor starts: not a change it saw
        agent(2).fence();
        monitor.tick();
        assertThat(events("membership.")).isEmpty();
        assertThat(events("fence.")).isEmpty();
        monitor.tick();
        assertThat(events("membership.")).isEmpty();
        assertThat(events("fence.")).isEmpty();
    }

    @Test
    void aNodeGoingDeadInOneMembersViewRecordsOneNodeDownFromThatObserverAndNodeUpWhenItComesBack() throws Exception {
        monitor.tick();
        long baseline = t.store.events().listAfter(0, 1000).size();

        agent(1).sees("vm-host03", false); // only srv1 loses sight of node 2
        monitor.tick();
        assertThat(events("membership.")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("membership.node-down");
            assertThat(e.message()).isEqualTo("vm-host01 (node 0) sees vm-host03 (node 2) down");
            assertThat(e.serverId()).isEqualTo(t.server("srv3").id());
            assertThat(e.poolId()).isEqualTo(pool.id());
        });
        monitor.tick(); // still dead in its view: not a new change
        assertThat(events("membership.")).hasSize(1);
        assertThat(t.server("srv3").status()).isEqualTo(ServerStatus.ACTIVE); // one observer of two is no majority

        agent(1).sees("vm-host03", true);
        monitor.tick();
        assertThat(events("membership.")).extracting(Event::kind, Event::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("membership.node-down",
                        "vm-host01 (node 0) sees vm-host03 (node 2) down"),
                org.assertj.core.groups.Tuple.tuple("membership.node-up",
                        "vm-host01 (node 0) sees vm-host03 (node 2) up"));
        monitor.tick();
        assertThat(t.store.events().listAfter(0, 1000)).hasSize((int) baseline + 2);
    }

    @Test
    void aFencedMemberRecordsNodeFencedOnceAndTheOthersSeeItDown() throws Exception {
        monitor.tick();
        agent(2).fence();
        monitor.tick();
        monitor.tick();
        // its own stack says it fenced itself; without a readable record the fence still has its event
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.FENCED);
        assertThat(t.server("srv2").statusReason()).contains("fenced itself", "dead in the views of srv1, srv3");
        assertThat(events("fence.")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("fence.node-fenced");
            assertThat(e.serverId()).isEqualTo(t.server("srv2").id());
            assertThat(e.message()).contains("vm-host02 (node 1) on server srv2 fenced itself")
                    .contains("fence record").contains("fence/");
        });
        assertThat(events("membership.")).extracting(Event::message).containsExactlyInAnyOrder(
                "vm-host01 (node 0) sees vm-host02 (node 1) down", "vm-host03 (node 2) sees vm-host02 (node 1) down");

        agent(2).startStack(); // the operator restarts it; a later fence is a new one
        monitor.tick();
        assertThat(events("membership.node-up")).hasSize(2);
        agent(2).fence();
        monitor.tick();
        assertThat(events("fence.")).hasSize(2);
    }
    @Test
    void aNodeThatFencedItselfIsFencedWithItsRecordInTheEventOnceAndAfterAManagerRestart() throws Exception {
        monitor.tick();
        t.clock.advance(java.time.Duration.ofSeconds(30));
        FenceRecord written = agent(2).fence(t.clock.instant(), "WRITE_TIMEOUT");
        monitor.tick();

        Server fenced = t.server("srv2");
        assertThat(fenced.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(fenced.statusReason()).startsWith("the cluster stack of srv2 fenced itself: WRITE_TIMEOUT at ")
                .contains("dead in the views of srv1, srv3");
        assertThat(events("fence.")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("fence.node-fenced");
            assertThat(e.serverId()).isEqualTo(fenced.id());
            assertThat(e.message()).startsWith("vm-host02 (node 1) on server srv2 fenced itself: WRITE_TIMEOUT")
                    .contains("read through the agent of srv2");
            assertThat(e.details()).contains("\"rule\":\"WRITE_TIMEOUT\"", "\"last_write_latencies_ms\":[3,4,12000]",
                    "\"peers_seen\":[\"peer-a\",\"peer-b\"]", "\"node_number\":1");
        });
        assertThat(new FenceLog(t.store.events()).latest(fenced.id())).contains(written);

        monitor.tick(); // the same episode: not asked again, not recorded again
        assertThat(agent(2).calls().stream().filter(c -> c.startsWith("fence-records"))).hasSize(1);
        assertThat(events("fence.")).hasSize(1);

        monitor = new StatusMonitor(t.store, fleet, t.clock); // a restarted manager knows the record from the log
        monitor.tick();
        monitor.tick();
        assertThat(events("fence.")).hasSize(1);
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.FENCED);
    }

    @Test
    void aNodeThatFencedAndRebootedIsReportedThroughASurvivorsAgent() throws Exception {
        monitor.tick();
        t.clock.advance(java.time.Duration.ofSeconds(30));
        agent(2).fence(t.clock.instant(), "QUORUM_MINORITY");
        agent(2).kill(); // the reboot fence: its agent is gone too
        monitor.tick();
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.FENCED);
        assertThat(t.server("srv2").statusReason()).contains("QUORUM_MINORITY", "the agent of srv2 does not answer");
        assertThat(events("fence.")).singleElement().satisfies(e -> assertThat(e.message())
                .contains("read through the agent of srv1"));
    }

    /**
     * A kernel node fenced; netconsole reached its two peers, but one of them got only its first line (the write
     * timeout and fence lines lost on the way): the record kept is the other survivor's, whose lines name the rule,
     * with both survivors' eviction lines.
     */
    @Test
    void theKernelRecordWithTheFencedNodesMostCompleteLinesIsKeptWithEverySurvivorsEvictionLines() throws Exception {
        monitor.tick();
        t.clock.advance(java.time.Duration.ofSeconds(30));
        java.time.Instant at = t.clock.instant();
        String hung = "o2hb: node 1 hb write hung for 6s on region 2E9E1B141B414D5FAEB30D8FB77A9E4E (dm-0),"
                + " negotiate timeout with node 0.";
        String timeout = "(kworker/0:2,48,0):o2hb_write_timeout:301 ERROR: Heartbeat write timeout to device dm-0"
                + " after 12148 milliseconds";
        var evicted1 = new io.o2pool.manager.agents.KernelFence.Line("SURVIVOR", "vm-host01", null, 171_000_000L, 5,
                "o2cb: o2dlm has evicted node 1 from domain 2E9E1B141B414D5FAEB30D8FB77A9E4E");
        var evicted3 = new io.o2pool.manager.agents.KernelFence.Line("SURVIVOR", "vm-host03", null, 171_200_000L, 5,
                "o2cb: o2dlm has evicted node 1 from domain 2E9E1B141B414D5FAEB30D8FB77A9E4E");
        agent(1).withAssembledFenceRecord(new FenceRecord(at, "ocfs2", "vm-host02", 1, "UNKNOWN",
                "the lines of vm-host02 name no rule", 2, 2, 0, List.of("vm-host01"), List.of("vm-host01"), List.of(),
                null, new io.o2pool.manager.agents.KernelFence("netconsole via vm-host01", null, null, List.of(),
                        List.of(new io.o2pool.manager.agents.KernelFence.Line("NETCONSOLE", "vm-host02", "vm-host01",
                                163_249_556L, 5, hung), evicted1))));
        agent(3).withAssembledFenceRecord(new FenceRecord(at, "ocfs2", "vm-host02", 1, "WRITE_TIMEOUT", timeout, 2, 2,
                0, List.of("vm-host03"), List.of("vm-host03"), List.of(), "reset",
                new io.o2pool.manager.agents.KernelFence("netconsole via vm-host03", 12148L, 6144L, List.of(),
                        List.of(new io.o2pool.manager.agents.KernelFence.Line("NETCONSOLE", "vm-host02", "vm-host03",
                                163_249_556L, 5, hung), new io.o2pool.manager.agents.KernelFence.Line("NETCONSOLE",
                                "vm-host02", "vm-host03", 169_393_027L, 3, timeout), evicted3))));
        agent(2).kill(); // the kernel's reset: its agent is gone
        monitor.tick();

        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.FENCED);
        assertThat(events("fence.")).singleElement().satisfies(e -> assertThat(e.message())
                .contains("WRITE_TIMEOUT", "netconsole via vm-host03", "evicted by vm-host03, vm-host01",
                        "read through the agent of srv3"));
        FenceRecord kept = new io.o2pool.manager.status.FenceLog(t.store.events()).latest(t.server("srv2").id())
                .orElseThrow();
        assertThat(kept.kernel().lines()).containsExactly(
                new io.o2pool.manager.agents.KernelFence.Line("NETCONSOLE", "vm-host02", "vm-host03", 163_249_556L, 5,
                        hung),
                new io.o2pool.manager.agents.KernelFence.Line("NETCONSOLE", "vm-host02", "vm-host03", 169_393_027L, 3,
                        timeout), evicted3, evicted1);
        assertThat(kept.heartbeating()).isEqualTo(3);
    }

    @Test
    void aNodeDeadWithOnlyAFenceRecordOlderThanItsLastLiveTimeIsDead() throws Exception {
        t.clock.advance(java.time.Duration.ofHours(1));
        agent(2).withFenceRecord(new FenceRecord(t.clock.instant().minus(java.time.Duration.ofMinutes(30)), "ocfs2",
                "vm-host02", 1, "WRITE_TIMEOUT", "an old fence it recovered from", 3, 1, 0, List.of(), List.of(),
                List.of(), "stop"));
        monitor.tick(); // live now
        t.clock.advance(java.time.Duration.ofSeconds(30));
        agent(2).kill(); // power lost: no new record
        monitor.tick();
        assertThat(t.server("srv2").status()).isEqualTo(ServerStatus.DEAD);
        assertThat(t.server("srv2").statusReason()).contains("dead in the views of srv1, srv3");
    }

    @Test
    void aLiveServerWithAFenceRecordIsNotAskedForIt() throws Exception {
        monitor.tick();
        monitor.tick();
        assertThat(fleet.all()).allSatisfy(a -> assertThat(a.calls()).noneMatch(c -> c.startsWith("fence-records")));
    }
}

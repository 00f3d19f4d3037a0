package io.o2pool.manager.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.model.Event;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.ServerStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status monitor reads each heartbeating member's heartbeat health: a warning becomes one event per episode
 * ({@code heartbeat.slow}, {@code heartbeat.peer-stale}) while the server stays ACTIVE, and its end {@code heartbeat.ok}.
 */
class HeartbeatWatchTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;
    HeartbeatBoard board = new HeartbeatBoard();
    StatusMonitor monitor;

    @BeforeEach
    void threeActiveServers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
        monitor = new StatusMonitor(t.store, fleet, t.clock, StatusMonitor.RejoinQueue.NONE, board);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    static HeartbeatReport report(String node, long maxMs, int nearMisses, List<HeartbeatReport.Warning> warnings) {
        var own = new HeartbeatReport.OwnWrites(12_000, true, 900L, 0L, 60_000, 30, 2L, maxMs, maxMs, nearMisses, 0,
                400, nearMisses, 0);
        var peer = new HeartbeatReport.Peer("vm-host01", 0, true, 1200L, 0, 14_000, "CONNECTED", 300L);
        return new HeartbeatReport("userspace", node, t0(), warnings.isEmpty() ? "OK" : "WARNING", warnings, own,
                List.of(peer), null);
    }

    private static java.time.Instant t0() {
        return java.time.Instant.parse("2026-12-05T06:00:00Z");
    }

    private List<Event> events(String kind) {
        return t.store.events().listAfter(0, 1000).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Test
    void aSlowWriterIsOneEventPerEpisodeWhileItStaysActiveAndItsRecoveryAnother() throws Exception {
        var slow = new HeartbeatReport.Warning("heartbeat.slow", null, "2 heartbeat writes in the last 60 s took more"
                + " than half the write timeout of 12000 ms (0 more than three quarters); slowest 7020 ms, p50 2 ms, "
                + "p99 7020 ms: check the shared storage");
        agent(3).withHeartbeat(report("vm-host03", 3, 0, List.of()));
        monitor.tick();
        assertThat(board.of(t.server("srv3").id())).hasValueSatisfying(r -> assertThat(r.level()).isEqualTo("OK"));
        assertThat(events("heartbeat.slow")).isEmpty();

        agent(3).withHeartbeat(report("vm-host03", 7020, 2, List.of(slow)));
        monitor.tick();
        monitor.tick();
        assertThat(events("heartbeat.slow")).singleElement().satisfies(e -> {
            assertThat(e.serverId()).isEqualTo(t.server("srv3").id());
            assertThat(e.message()).isEqualTo("vm-host03 (node 2) on server srv3: " + slow.message());
        });
        assertThat(t.server("srv3").status()).as("a warning is not a status").isEqualTo(ServerStatus.ACTIVE);
        assertThat(board.of(t.server("srv3").id())).hasValueSatisfying(r -> assertThat(r.own().maxMs()).isEqualTo(7020));

        agent(3).withHeartbeat(report("vm-host03", 4, 0, List.of()));
        monitor.tick();
        assertThat(events("heartbeat.ok")).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo(
                "vm-host03 (node 2) on server srv3: heartbeat back to normal (writes in the last 60 s: p50 2 ms, p99 "
                        + "4 ms, max 4 ms)"));

        agent(3).withHeartbeat(report("vm-host03", 7020, 2, List.of(slow)));
        monitor.tick();
        assertThat(events("heartbeat.slow")).as("a new episode").hasSize(2);
    }

    @Test
    void aStalePeerIsNamedAndAStackThatStopsHeartbeatingLeavesTheBoard() throws Exception {
        var stale = new HeartbeatReport.Warning("heartbeat.peer-stale", "vm-host02", "the heartbeat of vm-host02 "
                + "(node 1) has not changed for 8000 ms (4 unchanged samples); it is declared dead after 7 unchanged "
                + "samples, about 14000 ms");
        agent(1).withHeartbeat(report("vm-host01", 3, 0, List.of(stale)));
        monitor.tick();
        assertThat(events("heartbeat.peer-stale")).singleElement().extracting(Event::message)
                .isEqualTo("vm-host01 (node 0) on server srv1: " + stale.message());

        agent(1).stopStack();
        monitor.tick();
        assertThat(board.of(t.server("srv1").id())).as("no stale health for a stopped stack").isEmpty();
    }

    @Test
    void anAgentThatCannotReportHealthIsLeftOffTheBoard() throws Exception {
        monitor.tick(); // the fake agents report none by default, like an agent without GET /v1/health
        assertThat(board.all()).isEmpty();
        assertThat(t.store.events().listAfter(0, 1000)).noneMatch(e -> e.kind().startsWith("heartbeat."));
    }

    @Test
    void theBoardComparesWarningsByKindAndPeer() {
        var a = new HeartbeatReport.Warning("heartbeat.peer-stale", "n1", "x");
        var b = new HeartbeatReport.Warning("heartbeat.peer-stale", "n2", "y");
        var before = new HeartbeatReport("userspace", "n0", null, "WARNING", List.of(a), null, List.of(), null);
        var now = new HeartbeatReport("userspace", "n0", null, "WARNING", List.of(a, b), null, List.of(), null);
        assertThat(HeartbeatBoard.between(before, now).appeared()).containsExactly(b);
        assertThat(HeartbeatBoard.between(null, before).appeared()).containsExactly(a);
        assertThat(HeartbeatBoard.between(before, now).cleared()).isFalse();
        var ok = new HeartbeatReport("userspace", "n0", null, "OK", List.of(), null, List.of(), null);
        assertThat(HeartbeatBoard.between(before, ok).cleared()).isTrue();
        assertThat(HeartbeatBoard.between(null, ok).cleared()).isFalse();
    }
}

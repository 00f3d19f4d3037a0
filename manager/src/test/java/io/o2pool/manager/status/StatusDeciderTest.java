package io.o2pool.manager.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.agents.StackStatus;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import io.o2pool.manager.status.StatusDecider.FenceFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The status rule as data. Only the disk heartbeat decides death: a node whose agent does not answer is UNREACHABLE
 * while any heartbeating member sees it live, even when no one is connected to it; DEAD once every heartbeating
 * member's heartbeat declared it dead; FENCED when it is dead with a fence record newer than its last live time, or
 * its own stack says it fenced itself; never DEAD while its own stack says it heartbeats.
 */
class StatusDeciderTest {
    private static final Instant LIVE_AT = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2024-05-01T12:03:14Z");
    private static final List<Server> MEMBERS = List.of(server(1, "srv1", 0), server(2, "srv2", 1), server(3, "srv3", 2));

    private static Server server(long id, String name, int node) {
        return new Server(id, 1, "127.0.1." + id, name, ServerType.VM_SERVER, null, null, "127.0.1." + id, node,
                "vm-host0" + id, ServerStatus.ACTIVE, null, null, 8899, "pw", "fp", 1, LIVE_AT, LIVE_AT);
    }

    /** A view of node {@code self}: heartbeat-live {@code live}, o2net-connected {@code connected}. */
    private static FanOut.Outcome<Membership> view(int self, StackStatus stack, Set<Integer> live,
            Set<Integer> connected) {
        return new FanOut.Outcome<>("x", new Membership(1, stack, Set.of(0, 1, 2), live, connected, self, null), null);
    }

    private static FanOut.Outcome<Membership> view(int self, StackStatus stack, Integer... live) {
        return view(self, stack, Set.of(live), Set.of(live));
    }

    private static FanOut.Outcome<Membership> noAnswer() {
        return new FanOut.Outcome<>("x", null, new AgentException("srv2", "connection refused", true));
    }

    private static FenceRecord record(Instant at) {
        return new FenceRecord(at, "ocfs2", "vm-host02", 1, "WRITE_TIMEOUT", "o2hb: write timeout", 3, 1, 0,
                List.of("vm-host01", "vm-host03"), List.of(), List.of(3L, 12001L), "stop");
    }

    private static StatusVerdict srv2(FanOut.Outcome<Membership> first, FanOut.Outcome<Membership> own,
            FanOut.Outcome<Membership> third, FenceFacts facts) {
        return StatusDecider.decide(MEMBERS, List.of(first, own, third), Map.of(2L, facts), NOW).get(2L);
    }

    /** srv2's node is dead in srv1's and srv3's heartbeat views; srv2's own view is {@code own}. */
    private static StatusVerdict srv2DeadWith(FanOut.Outcome<Membership> own, FenceFacts facts) {
        return srv2(view(0, StackStatus.HEARTBEATING, 0, 2), own, view(2, StackStatus.HEARTBEATING, 0, 2), facts);
    }

    @Test
    void anAgentThatDoesNotAnswerWhileItsHeartbeatIsLiveIsUnreachableNotDead() {
        StatusVerdict v = srv2(view(0, StackStatus.HEARTBEATING, 0, 1, 2), noAnswer(),
                view(2, StackStatus.HEARTBEATING, 0, 1, 2), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.UNREACHABLE);
        assertThat(v.reason()).isEqualTo("the agent of srv2 does not answer (server srv2: connection refused); its"
                + " heartbeat is live in the views of srv1, srv3: it may still write to the shared disk");
    }

    @Test
    void aLostConnectionWithTheHeartbeatIntactIsNeitherDeadNorUnreachable() {
        // the views where alive and connected differ: o2net dropped (idle timeout, partition), the disk says it writes
        var lostNet = view(0, StackStatus.HEARTBEATING, Set.of(0, 1, 2), Set.of(0, 2));
        var ownLostNet = view(1, StackStatus.HEARTBEATING, Set.of(0, 1, 2), Set.of(1));
        var thirdLostNet = view(2, StackStatus.HEARTBEATING, Set.of(0, 1, 2), Set.of(0, 2));
        assertThat(srv2(lostNet, ownLostNet, thirdLostNet, FenceFacts.NONE)).isEqualTo(StatusVerdict.active());
        assertThat(srv2(lostNet, noAnswer(), thirdLostNet, FenceFacts.NONE).status())
                .isEqualTo(ServerStatus.UNREACHABLE);
    }

    @Test
    void connectedButNotHeartbeatingCountsAsDead() {
        // a stale o2net socket does not keep a node alive: the disk heartbeat alone decides
        var first = view(0, StackStatus.HEARTBEATING, Set.of(0, 2), Set.of(0, 1, 2));
        var third = view(2, StackStatus.HEARTBEATING, Set.of(0, 2), Set.of(0, 1, 2));
        assertThat(srv2(first, noAnswer(), third, FenceFacts.NONE).status()).isEqualTo(ServerStatus.DEAD);
    }

    @Test
    void deadInEveryHeartbeatViewIsDeadWithTheObserversAndTheTime() {
        StatusVerdict v = srv2DeadWith(noAnswer(), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.DEAD);
        assertThat(v.reason()).isEqualTo("node 1 (vm-host02) is dead in the views of srv1, srv3 since "
                + "2024-05-01T12:03:14Z; the agent of srv2 does not answer (server srv2: connection refused)");
    }

    @Test
    void oneObserverStillSeeingItLiveKeepsItUnreachable() {
        StatusVerdict v = srv2(view(0, StackStatus.HEARTBEATING, 0, 2), noAnswer(),
                view(2, StackStatus.HEARTBEATING, 0, 1, 2), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.UNREACHABLE);
        assertThat(v.reason()).contains("live in the views of srv3");
    }

    @Test
    void noHeartbeatingObserverCannotDeclareDeath() {
        StatusVerdict v = srv2(view(0, StackStatus.ONLINE), noAnswer(), noAnswer(), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.UNREACHABLE);
        assertThat(v.reason()).contains("no heartbeating member can tell");
    }

    @Test
    void deadWithAFenceRecordNewerThanItsLastLiveTimeIsFencedWithTheRecord() {
        StatusVerdict v = srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT.plusSeconds(20)), LIVE_AT));
        assertThat(v.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(v.reason()).startsWith("fenced itself: WRITE_TIMEOUT at 2024-05-01T10:00:20Z")
                .contains("3 heartbeating, 1 connected, peers seen vm-host01, vm-host03", "o2hb: write timeout",
                        "dead in the views of srv1, srv3", "restart its stack");
    }

    @Test
    void deadWithOnlyAnOldFenceRecordIsDead() {
        assertThat(srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT.minusSeconds(3600)), LIVE_AT)).status())
                .isEqualTo(ServerStatus.DEAD);
        assertThat(srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT), LIVE_AT)).status())
                .as("a record at the last live time itself is not newer").isEqualTo(ServerStatus.DEAD);
        assertThat(srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT), null)).status())
                .as("a record with no known last live time counts").isEqualTo(ServerStatus.FENCED);
    }

    @Test
    void itsOwnStackStoppedWhileEveryPeerDeclaredItDeadIsDead() {
        StatusVerdict v = srv2DeadWith(view(1, StackStatus.OFFLINE), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.DEAD);
        assertThat(v.reason()).contains("its stack is OFFLINE");
    }

    @Test
    void neverDeadWhileItsOwnStackSaysItHeartbeats() {
        StatusVerdict v = srv2DeadWith(view(1, StackStatus.HEARTBEATING, 1), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.ERROR);
        assertThat(v.reason()).contains("heartbeats but srv1, srv3 do not see its writes");
    }

    @Test
    void aStackThatFencedItselfIsFenced() {
        var views = List.of(view(0, StackStatus.ONLINE), view(1, StackStatus.FENCED), view(2, StackStatus.ONLINE));
        StatusVerdict with = StatusDecider.decide(MEMBERS, views,
                Map.of(2L, new FenceFacts(record(LIVE_AT.plusSeconds(5)), LIVE_AT)), NOW).get(2L);
        assertThat(with.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(with.reason()).isEqualTo("the cluster stack of srv2 fenced itself: WRITE_TIMEOUT at "
                + "2024-05-01T10:00:05Z (3 heartbeating, 1 connected, peers seen vm-host01, vm-host03): o2hb: write "
                + "timeout; restart it on the server");
        StatusVerdict old = StatusDecider.decide(MEMBERS, views,
                Map.of(2L, new FenceFacts(record(LIVE_AT.minusSeconds(5)), LIVE_AT)), NOW).get(2L);
        assertThat(old.reason()).isEqualTo("the cluster stack of srv2 fenced itself; restart it on the server");
        assertThat(srv2DeadWith(view(1, StackStatus.FENCED), FenceFacts.NONE).status()).isEqualTo(ServerStatus.FENCED);
    }

    @Test
    void aLiveNodeIsActiveAndAnOfflineStackIsError() {
        var all = view(0, StackStatus.HEARTBEATING, 0, 1, 2);
        assertThat(srv2(all, view(1, StackStatus.HEARTBEATING, 0, 1, 2), view(2, StackStatus.HEARTBEATING, 0, 1, 2),
                new FenceFacts(record(LIVE_AT.minusSeconds(60)), LIVE_AT))).isEqualTo(StatusVerdict.active());
        StatusVerdict offline = srv2(view(0, StackStatus.ONLINE), view(1, StackStatus.OFFLINE),
                view(2, StackStatus.ONLINE), FenceFacts.NONE);
        assertThat(offline.status()).isEqualTo(ServerStatus.ERROR);
        assertThat(offline.reason()).contains("is OFFLINE");
    }
}

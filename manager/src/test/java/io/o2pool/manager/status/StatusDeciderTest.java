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
 * The FENCED-or-ERROR rule as data: a node most heartbeating members see dead is FENCED when it has a fence record
 * newer than its last live time, ERROR otherwise (no record, or only an old fence it recovered from).
 */
class StatusDeciderTest {
    private static final Instant LIVE_AT = Instant.parse("2024-05-01T10:00:00Z");
    private static final List<Server> MEMBERS = List.of(server(1, "srv1", 0), server(2, "srv2", 1), server(3, "srv3", 2));

    private static Server server(long id, String name, int node) {
        return new Server(id, 1, "127.0.1." + id, name, ServerType.VM_SERVER, null, null, "127.0.1." + id, node,
                "vm-host0" + id, ServerStatus.ACTIVE, null, null, 8899, "pw", "fp", 1, LIVE_AT, LIVE_AT);
    }

    private static FanOut.Outcome<Membership> view(StackStatus stack, Integer... live) {
        return new FanOut.Outcome<>("x", new Membership(1, stack, Set.of(0, 1, 2), Set.of(live)), null);
    }

    private static FanOut.Outcome<Membership> noAnswer() {
        return new FanOut.Outcome<>("x", null, new AgentException("srv2", "connection refused", true));
    }

    private static FenceRecord record(Instant at) {
        return new FenceRecord(at, "ocfs2", "vm-host02", 1, "WRITE_TIMEOUT", "o2hb: write timeout", 3, 1, 0,
                List.of("vm-host01", "vm-host03"), List.of(), List.of(3L, 12001L), "stop");
    }

    /** srv2's node is dead in srv1's and srv3's views; srv2's own view is {@code own}. */
    private static StatusVerdict srv2DeadWith(FanOut.Outcome<Membership> own, FenceFacts facts) {
        var views = List.of(view(StackStatus.HEARTBEATING, 0, 2), own, view(StackStatus.HEARTBEATING, 0, 2));
        return StatusDecider.decide(MEMBERS, views, Map.of(2L, facts)).get(2L);
    }

    @Test
    void deadInMostViewsWithAFenceRecordNewerThanItsLastLiveTimeIsFencedWithTheRecord() {
        StatusVerdict v = srv2DeadWith(view(StackStatus.FENCED), new FenceFacts(record(LIVE_AT.plusSeconds(20)), LIVE_AT));
        assertThat(v.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(v.reason()).startsWith("node 1 (vm-host02) fenced itself: WRITE_TIMEOUT at 2024-05-01T10:00:20Z")
                .contains("3 heartbeating, 1 connected, peers seen vm-host01, vm-host03", "o2hb: write timeout",
                        "dead in the views of srv1, srv3", "its stack is FENCED", "restart its stack");
    }

    @Test
    void aRebootedNodeWhoseAgentDoesNotAnswerIsFencedByItsRecord() {
        StatusVerdict v = srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT.plusSeconds(20)), LIVE_AT));
        assertThat(v.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(v.reason()).contains("its agent does not answer (server srv2: connection refused)");
    }

    @Test
    void deadInMostViewsWithOnlyAnOldFenceRecordIsError() {
        StatusVerdict v = srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT.minusSeconds(3600)), LIVE_AT));
        assertThat(v.status()).isEqualTo(ServerStatus.ERROR);
        assertThat(v.reason()).isEqualTo("node 1 (vm-host02) is dead in the views of srv1, srv3; its agent does not "
                + "answer (server srv2: connection refused)");
    }

    @Test
    void deadInMostViewsWithoutARecordIsErrorEvenIfItsStackSaysFenced() {
        StatusVerdict v = srv2DeadWith(view(StackStatus.FENCED), FenceFacts.NONE);
        assertThat(v.status()).isEqualTo(ServerStatus.ERROR);
        assertThat(v.reason()).contains("dead in the views of srv1, srv3", "its stack is FENCED");
    }

    @Test
    void aRecordWithNoKnownLastLiveTimeCounts() {
        assertThat(srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT), null)).status())
                .isEqualTo(ServerStatus.FENCED);
    }

    @Test
    void aRecordAtTheLastLiveTimeItselfIsNotNewer() {
        assertThat(srv2DeadWith(noAnswer(), new FenceFacts(record(LIVE_AT), LIVE_AT)).status())
                .isEqualTo(ServerStatus.ERROR);
    }

    @Test
    void aLiveNodeWithAnOldRecordIsActive() {
        var views = List.of(view(StackStatus.HEARTBEATING, 0, 1, 2), view(StackStatus.HEARTBEATING, 0, 1, 2),
                view(StackStatus.HEARTBEATING, 0, 1, 2));
        assertThat(StatusDecider.decide(MEMBERS, views, Map.of(2L, new FenceFacts(record(LIVE_AT.minusSeconds(60)),
                LIVE_AT))).get(2L)).isEqualTo(StatusVerdict.active());
    }

    @Test
    void aFencedStackNobodyElseCanJudgeIsFencedWithItsRecordWhenNewer() {
        // the peers heartbeat on no region (ONLINE): no evidence either way, so its own FENCED decides
        var views = List.of(view(StackStatus.ONLINE), view(StackStatus.FENCED), view(StackStatus.ONLINE));
        StatusVerdict with = StatusDecider.decide(MEMBERS, views,
                Map.of(2L, new FenceFacts(record(LIVE_AT.plusSeconds(5)), LIVE_AT))).get(2L);
        assertThat(with.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(with.reason()).isEqualTo("the cluster stack of srv2 fenced itself: WRITE_TIMEOUT at "
                + "2024-05-01T10:00:05Z (3 heartbeating, 1 connected, peers seen vm-host01, vm-host03): o2hb: write "
                + "timeout; restart it on the server");
        StatusVerdict old = StatusDecider.decide(MEMBERS, views,
                Map.of(2L, new FenceFacts(record(LIVE_AT.minusSeconds(5)), LIVE_AT))).get(2L);
        assertThat(old.status()).isEqualTo(ServerStatus.FENCED);
        assertThat(old.reason()).isEqualTo("the cluster stack of srv2 fenced itself; restart it on the server");
    }
}

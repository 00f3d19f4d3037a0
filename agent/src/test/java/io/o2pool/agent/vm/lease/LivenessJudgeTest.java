package io.o2pool.agent.vm.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.PeerLiveness;
import io.o2pool.agent.api.StackState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A holder is DEAD only in this node's own steady heartbeat view, watched for longer than the dead bound. */
class LivenessJudgeTest {
    private static final Instant T0 = Instant.parse("2026-12-04T18:00:00Z");
    private static final Duration DEAD = Duration.ofSeconds(14);

    private static ClusterView view(StackState state, boolean node2Alive) {
        return new ClusterView("userspace", state, "ocfs2", List.of(
                new Member(0, "node1", "127.0.1.1", 7777, true, true, true),
                new Member(1, "node2", "127.0.1.2", 7777, false, node2Alive, node2Alive)), T0, true);
    }

    @Test
    void judgesOnlyFromASteadyHeartbeatWatchedLongEnough() {
        assertThat(LivenessJudge.judge(view(StackState.HEARTBEATING, true), T0, T0, DEAD, "node2"))
                .isEqualTo(PeerLiveness.LIVE);
        // just joined: a peer not yet seen live may merely not have been sampled twice
        assertThat(LivenessJudge.judge(view(StackState.HEARTBEATING, false), T0, T0.plusSeconds(10), DEAD, "node2"))
                .isEqualTo(PeerLiveness.UNKNOWN);
        assertThat(LivenessJudge.judge(view(StackState.HEARTBEATING, false), T0, T0.plusSeconds(17), DEAD, "node2"))
                .isEqualTo(PeerLiveness.DEAD);
        assertThat(LivenessJudge.judge(view(StackState.ONLINE, false), T0, T0.plusSeconds(60), DEAD, "node2"))
                .isEqualTo(PeerLiveness.UNKNOWN);
        assertThat(LivenessJudge.judge(view(StackState.HEARTBEATING, false), null, T0.plusSeconds(60), DEAD, "node2"))
                .isEqualTo(PeerLiveness.UNKNOWN);
        assertThat(LivenessJudge.judge(view(StackState.HEARTBEATING, false), T0, T0.plusSeconds(60), DEAD, "node9"))
                .isEqualTo(PeerLiveness.UNKNOWN);
        // a lost connection alone (alive on disk, not connected) is still LIVE
        assertThat(LivenessJudge.judge(new ClusterView("userspace", StackState.HEARTBEATING, "ocfs2", List.of(
                new Member(1, "node2", "127.0.1.2", 7777, false, true, false)), T0, true), T0, T0.plusSeconds(60), DEAD,
                "node2")).isEqualTo(PeerLiveness.LIVE);
    }
}

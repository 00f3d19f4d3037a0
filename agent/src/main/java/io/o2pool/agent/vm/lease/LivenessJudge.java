package io.o2pool.agent.vm.lease;

import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.PeerLiveness;
import io.o2pool.agent.api.StackState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How this node sees a lease holder, from its own stack's membership view only (the disk heartbeat), never from the
 * network or the manager: LIVE when the view shows it alive; DEAD only when this node has been heartbeating, steady,
 * for longer than the dead bound (dead threshold × 2 s) plus one iteration and the holder is not alive — so either the
 * heartbeat saw it live and then declared it dead (evicted), or its slot did not move for a whole dead bound, which a
 * node whose guard lets its guests outlive a stopped heartbeat cannot do; UNKNOWN otherwise (this node not
 * heartbeating, just joined, or the holder not in its configuration). Pure.
 */
public final class LivenessJudge {
    private LivenessJudge() {
    }

    /**
     * Judges {@code node} in {@code view}; {@code heartbeatingSince} is when this node's view last became HEARTBEATING
     * and steady (null when it is not), {@code deadBound} the cluster's dead threshold × 2 s.
     */
    public static PeerLiveness judge(ClusterView view, Instant heartbeatingSince, Instant now, Duration deadBound,
                                     String node) {
        if (view == null || view.state() != StackState.HEARTBEATING) {
            return PeerLiveness.UNKNOWN;
        }
        Optional<Member> member = view.members().stream().filter(m -> m.name().equals(node)).findFirst();
        if (member.isEmpty()) {
            return PeerLiveness.UNKNOWN;
        }
        if (member.get().alive()) {
            return PeerLiveness.LIVE;
        }
        if (heartbeatingSince == null) {
            return PeerLiveness.UNKNOWN;
        }
        Duration watched = Duration.between(heartbeatingSince, now);
        return watched.compareTo(deadBound.plusMillis(2000)) > 0 ? PeerLiveness.DEAD : PeerLiveness.UNKNOWN;
    }
}

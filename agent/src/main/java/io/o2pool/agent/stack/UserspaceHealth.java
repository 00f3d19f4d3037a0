package io.o2pool.agent.stack;

import io.o2pool.agent.api.HeartbeatReport;
import io.o2pool.cluster.health.HeartbeatHealth;
import io.o2pool.cluster.health.OwnWriteHealth;
import io.o2pool.cluster.health.PeerHealth;

/** The userspace node's {@link HeartbeatHealth} as the agent API's {@link HeartbeatReport}. Stateless. */
final class UserspaceHealth {
    private UserspaceHealth() {
    }

    static HeartbeatReport report(HeartbeatHealth h) {
        OwnWriteHealth o = h.own();
        HeartbeatReport.OwnWrites own = new HeartbeatReport.OwnWrites(o.writeTimeoutMs(), o.writeTimeoutArmed(),
                o.msSinceLastGoodWrite(), o.writePendingMs(), o.windowMs(), o.writes(), o.p50Ms(), o.p99Ms(),
                o.maxMs(), o.nearMissesHalf(), o.nearMissesThreeQuarters(), o.totalWrites(), o.totalNearMissesHalf(),
                o.totalNearMissesThreeQuarters());
        return new HeartbeatReport(UserspaceView.DRIVER, h.node(), h.at(), h.level().name(),
                h.warnings().stream().map(w -> new HeartbeatReport.Warning(w.kind().eventKind(), w.peer(),
                        w.message())).toList(), own, h.peers().stream().map(UserspaceHealth::peer).toList(),
                "taken on the node's thread when asked: each write's latency is measured by the stack");
    }

    private static HeartbeatReport.Peer peer(PeerHealth p) {
        return new HeartbeatReport.Peer(p.name(), p.number(), p.live(), p.lastChangeAgeMs(), p.missedSamples(),
                p.deadBoundMs(), p.connection(), p.lastMessageAgeMs());
    }
}

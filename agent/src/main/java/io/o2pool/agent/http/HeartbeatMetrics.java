package io.o2pool.agent.http;

import io.o2pool.agent.api.HeartbeatReport;
import java.util.Locale;

/**
 * A {@link HeartbeatReport} in the Prometheus text exposition format (version 0.0.4): one gauge or counter per
 * figure, labelled with the node (and the peer); figures the driver cannot know are left out. Pure.
 */
final class HeartbeatMetrics {
    private HeartbeatMetrics() {
    }

    static String render(HeartbeatReport r) {
        StringBuilder out = new StringBuilder();
        String node = r.node() == null ? "" : r.node();
        String self = "node=\"" + escape(node) + "\",driver=\"" + escape(r.driver()) + "\"";
        gauge(out, "o2pool_heartbeat_warning", "1 when a fence may be coming (level WARNING), 0 when OK; absent when"
                + " unknown", self, r.level().equals("UNKNOWN") ? null : r.level().equals("WARNING") ? 1L : 0L);
        HeartbeatReport.OwnWrites o = r.own();
        if (o != null) {
            gauge(out, "o2pool_heartbeat_write_timeout_ms", "the node fences itself when no write completed for this"
                    + " long", self, o.writeTimeoutMs());
            gauge(out, "o2pool_heartbeat_write_timeout_armed", "1 when the write timeout is armed", self,
                    o.writeTimeoutArmed() == null ? null : o.writeTimeoutArmed() ? 1L : 0L);
            gauge(out, "o2pool_heartbeat_since_last_good_write_ms", "ms since the last completed heartbeat write "
                    + "(elapsed_time_in_ms)", self, o.msSinceLastGoodWrite());
            gauge(out, "o2pool_heartbeat_write_pending_ms", "ms the heartbeat write in flight has waited", self,
                    o.writePendingMs());
            header(out, "o2pool_heartbeat_write_latency_ms", "own heartbeat write latency over the window", "gauge");
            sample(out, "o2pool_heartbeat_write_latency_ms", self + ",stat=\"p50\"", o.p50Ms());
            sample(out, "o2pool_heartbeat_write_latency_ms", self + ",stat=\"p99\"", o.p99Ms());
            sample(out, "o2pool_heartbeat_write_latency_ms", self + ",stat=\"max\"", o.maxMs());
            header(out, "o2pool_heartbeat_near_misses", "writes in the window slower than a fraction of the write "
                    + "timeout", "gauge");
            sample(out, "o2pool_heartbeat_near_misses", self + ",over=\"half\"", (long) o.nearMissesHalf());
            sample(out, "o2pool_heartbeat_near_misses", self + ",over=\"three_quarters\"",
                    (long) o.nearMissesThreeQuarters());
            header(out, "o2pool_heartbeat_near_misses_total", "writes since start slower than a fraction of the "
                    + "write timeout", "counter");
            sample(out, "o2pool_heartbeat_near_misses_total", self + ",over=\"half\"", o.totalNearMissesHalf());
            sample(out, "o2pool_heartbeat_near_misses_total", self + ",over=\"three_quarters\"",
                    o.totalNearMissesThreeQuarters());
            header(out, "o2pool_heartbeat_writes_total", "heartbeat writes completed since start", "counter");
            sample(out, "o2pool_heartbeat_writes_total", self, o.totalWrites());
        }
        if (!r.peers().isEmpty()) {
            header(out, "o2pool_heartbeat_peer_live", "1 when the peer is live on the disk heartbeat", "gauge");
            r.peers().forEach(p -> sample(out, "o2pool_heartbeat_peer_live", peer(self, p), p.live() ? 1L : 0L));
            header(out, "o2pool_heartbeat_peer_last_change_age_ms", "ms since the peer's slot last changed", "gauge");
            r.peers().forEach(p -> sample(out, "o2pool_heartbeat_peer_last_change_age_ms", peer(self, p),
                    p.lastChangeAgeMs()));
            header(out, "o2pool_heartbeat_peer_dead_bound_ms", "the peer is declared dead after about this long "
                    + "unchanged", "gauge");
            r.peers().forEach(p -> sample(out, "o2pool_heartbeat_peer_dead_bound_ms", peer(self, p), p.deadBoundMs()));
            header(out, "o2pool_o2net_connected", "1 when the o2net connection to the peer is up", "gauge");
            r.peers().forEach(p -> sample(out, "o2pool_o2net_connected", peer(self, p),
                    "CONNECTED".equals(p.connection()) ? 1L : 0L));
            header(out, "o2pool_o2net_last_message_age_ms", "ms since the last o2net message from the peer", "gauge");
            r.peers().forEach(p -> sample(out, "o2pool_o2net_last_message_age_ms", peer(self, p),
                    p.lastMessageAgeMs()));
        }
        return out.toString();
    }

    private static String peer(String self, HeartbeatReport.Peer p) {
        return self + ",peer=\"" + escape(p.name()) + "\",peer_number=\"" + p.number() + "\"";
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, Long value) {
        if (value == null) {
            return;
        }
        header(out, name, help, "gauge");
        sample(out, name, labels, value);
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, Long value) {
        if (value != null) {
            out.append(name).append('{').append(labels).append("} ").append(String.format(Locale.ROOT, "%d", value))
                    .append('\n');
        }
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

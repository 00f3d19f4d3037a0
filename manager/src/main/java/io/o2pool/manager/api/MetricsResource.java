package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.ServerStatus;

/**
 * {@code GET /metrics}: Prometheus text exposition, open like any scrape target. Besides the job counters and timers
 * the engine records, it exports servers per status and jobs per status, read from the store at scrape time, and each
 * heartbeating server's heartbeat health as the status monitor last read it from its agent
 * ({@code o2pool_server_heartbeat_*}, {@code o2pool_server_o2net_*}, labelled with the server, its pool, its node and
 * the peer).
 */
public final class MetricsResource implements ApiResource {
    private final ApiDeps deps;

    public MetricsResource(ApiDeps deps) {
        this.deps = deps;
        for (ServerStatus status : ServerStatus.values()) {
            Gauge.builder("o2pool.servers", () -> deps.store().servers().list().stream()
                            .filter(s -> s.status() == status).count())
                    .tag("status", status.name()).description("servers by status").register(deps.metrics());
        }
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("o2pool.jobs.current", () -> deps.store().jobs().idsWithStatus(status).size())
                    .tag("status", status.name()).description("jobs by status").register(deps.metrics());
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(deps.metrics().scrape()
                + heartbeats());
    }

    /** The heartbeat figures of every server on the board, one family per figure. */
    private String heartbeats() {
        java.util.Map<Long, io.o2pool.agent.api.HeartbeatReport> board = deps.heartbeats().all();
        java.util.List<String[]> rows = new java.util.ArrayList<>(); // family, labels, value
        for (var server : deps.store().servers().list()) {
            var r = board.get(server.id());
            if (r == null || r.own() == null) {
                continue;
            }
            String labels = "server=\"" + esc(server.name()) + "\",pool_id=\"" + server.poolId() + "\",node=\""
                    + esc(r.node() == null ? "" : r.node()) + "\"";
            var o = r.own();
            add(rows, "o2pool_server_heartbeat_warning", labels, "WARNING".equals(r.level()) ? 1L : 0L);
            add(rows, "o2pool_server_heartbeat_write_timeout_ms", labels, o.writeTimeoutMs());
            add(rows, "o2pool_server_heartbeat_since_last_good_write_ms", labels, o.msSinceLastGoodWrite());
            add(rows, "o2pool_server_heartbeat_write_latency_ms", labels + ",stat=\"p50\"", o.p50Ms());
            add(rows, "o2pool_server_heartbeat_write_latency_ms", labels + ",stat=\"p99\"", o.p99Ms());
            add(rows, "o2pool_server_heartbeat_write_latency_ms", labels + ",stat=\"max\"", o.maxMs());
            add(rows, "o2pool_server_heartbeat_near_misses", labels + ",over=\"half\"", (long) o.nearMissesHalf());
            add(rows, "o2pool_server_heartbeat_near_misses", labels + ",over=\"three_quarters\"",
                    (long) o.nearMissesThreeQuarters());
            for (var p : r.peers()) {
                String peer = labels + ",peer=\"" + esc(p.name()) + "\"";
                add(rows, "o2pool_server_heartbeat_peer_live", peer, p.live() ? 1L : 0L);
                add(rows, "o2pool_server_heartbeat_peer_last_change_age_ms", peer, p.lastChangeAgeMs());
                add(rows, "o2pool_server_heartbeat_peer_dead_bound_ms", peer, p.deadBoundMs());
                add(rows, "o2pool_server_o2net_connected", peer, "CONNECTED".equals(p.connection()) ? 1L : 0L);
                add(rows, "o2pool_server_o2net_last_message_age_ms", peer, p.lastMessageAgeMs());
            }
        }
        StringBuilder out = new StringBuilder();
        rows.stream().map(row -> row[0]).distinct().forEach(family -> {
            out.append("# HELP ").append(family).append(' ').append(HELP.get(family)).append('\n');
            out.append("# TYPE ").append(family).append(" gauge\n");
            rows.stream().filter(row -> row[0].equals(family)).forEach(row -> out.append(family).append('{')
                    .append(row[1]).append("} ").append(row[2]).append('\n'));
        });
        return out.toString();
    }

    private static final java.util.Map<String, String> HELP = java.util.Map.of(
            "o2pool_server_heartbeat_warning", "1 when the server's heartbeat is a WARNING (a fence may be coming)",
            "o2pool_server_heartbeat_write_timeout_ms", "the node fences itself when no write completed for this long",
            "o2pool_server_heartbeat_since_last_good_write_ms", "ms since the node's last completed heartbeat write",
            "o2pool_server_heartbeat_write_latency_ms", "the node's heartbeat write latency over its window",
            "o2pool_server_heartbeat_near_misses", "writes in the window slower than a fraction of the write timeout",
            "o2pool_server_heartbeat_peer_live", "1 when the server sees the peer live on the disk heartbeat",
            "o2pool_server_heartbeat_peer_last_change_age_ms", "ms since the peer's slot last changed in its samples",
            "o2pool_server_heartbeat_peer_dead_bound_ms", "the peer is declared dead after about this long unchanged",
            "o2pool_server_o2net_connected", "1 when the server's o2net connection to the peer is up",
            "o2pool_server_o2net_last_message_age_ms", "ms since the last o2net message from the peer");

    private static void add(java.util.List<String[]> rows, String family, String labels, Long value) {
        if (value != null) {
            rows.add(new String[] {family, labels, Long.toString(value)});
        }
    }

    private static String esc(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

package io.o2pool.ocfs2.conf;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link ClusterConf} with the same bytes ocfs2-tools 1.8.7 writes (o2cb and o2cb_ctl agree): all
 * {@code cluster:} stanzas, then all {@code heartbeat:} and all {@code node:} stanzas (which group first: see
 * {@link #heartbeatsFirst}), each group in cluster order and insertion order; keys in the order glib's hash table
 * gives them (cluster: name,
 * heartbeat_mode, node_count; heartbeat: cluster, region; node: cluster, number, ip_port, ip_address, name);
 * {@code \tkey = value} lines, {@code \tkey =} for an empty value, a newline inside a value written as a
 * backslash continuation; a blank line after every stanza; no clusters is a 0-byte file. Thread-safe.
 */
public final class ConfWriter {
    private ConfWriter() {
    }

    /** The file content as text. */
    public static String toText(ClusterConf conf) {
        StringBuilder out = new StringBuilder();
        for (Cluster cluster : conf.clusters()) {
            stanza(out, "cluster");
            attribute(out, "name", cluster.name());
            attribute(out, "heartbeat_mode", cluster.heartbeatMode().text());
            attribute(out, "node_count", Long.toString(cluster.nodeCount()));
            out.append('\n');
        }
        if (heartbeatsFirst(conf)) {
            heartbeats(out, conf);
            nodes(out, conf);
        } else {
            nodes(out, conf);
            heartbeats(out, conf);
        }
        return out.toString();
    }

    /**
     * Whether the heartbeat stanzas come before the node stanzas. libo2cb adds each cluster's stanza, then its
     * heartbeats, then its nodes to a glib hash table keyed by stanza name and writes the table in bucket order.
     * "cluster" hashes to bucket 0, but "node" and "heartbeat" both hash to bucket 6 of the 8: the name added
     * first takes bucket 6, the other moves to bucket 7. So the first cluster (in order) that has heartbeat
     * regions or nodes decides: its heartbeats are added before its nodes.
     */
    static boolean heartbeatsFirst(ClusterConf conf) {
        for (Cluster cluster : conf.clusters()) {
            if (!cluster.heartbeats().isEmpty()) {
                return true;
            }
            if (!cluster.nodes().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void heartbeats(StringBuilder out, ClusterConf conf) {
        for (Cluster cluster : conf.clusters()) {
            for (HeartbeatRegion heartbeat : cluster.heartbeats()) {
                stanza(out, "heartbeat");
                attribute(out, "cluster", cluster.name());
                attribute(out, "region", heartbeat.region());
                out.append('\n');
            }
        }
    }

    private static void nodes(StringBuilder out, ClusterConf conf) {
        for (Cluster cluster : conf.clusters()) {
            for (Node node : cluster.nodes()) {
                stanza(out, "node");
                attribute(out, "cluster", cluster.name());
                attribute(out, "number", Long.toString(node.number()));
                attribute(out, "ip_port", Long.toString(node.port()));
                attribute(out, "ip_address", node.ipAddress());
                attribute(out, "name", node.name());
                out.append('\n');
            }
        }
    }

    /** The file content as the bytes to store (UTF-8). */
    public static byte[] toBytes(ClusterConf conf) {
        return toText(conf).getBytes(StandardCharsets.UTF_8);
    }

    private static void stanza(StringBuilder out, String name) {
        out.append(name).append(":\n");
    }

    /** {@code j_config_foreach_attr_append}: a value is split at newlines, rejoined with "\\\n". */
    private static void attribute(StringBuilder out, String key, String value) {
        if (value.isEmpty()) {
            out.append('\t').append(key).append(" =\n");
            return;
        }
        out.append('\t').append(key).append(" = ").append(String.join("\\\n", value.split("\n", -1)))
                .append('\n');
    }
}

package io.o2pool.ocfs2.conf;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the parts of a loaded {@link ClusterConf} were in the file, keyed by cluster, node and heartbeat index, so
 * that warnings about the model can point at the line. {@link #NONE} answers {@link ConfPosition#NONE} for all.
 */
record SourceMap(Map<String, ConfPosition> positions) {
    static final SourceMap NONE = new SourceMap(Map.of());

    SourceMap {
        positions = Map.copyOf(positions);
    }

    ConfPosition at(String key) {
        return positions.getOrDefault(key, ConfPosition.NONE);
    }

    static String cluster(int cluster) {
        return "cluster/" + cluster;
    }

    static String clusterName(int cluster) {
        return "cluster/" + cluster + "/name";
    }

    static String nodeCount(int cluster) {
        return "cluster/" + cluster + "/node_count";
    }

    static String node(int cluster, int node, String key) {
        return "node/" + cluster + "/" + node + "/" + key;
    }

    static String heartbeat(int cluster, int heartbeat) {
        return "heartbeat/" + cluster + "/" + heartbeat;
    }

    /** Collects positions while loading. */
    static final class Builder {
        private final Map<String, ConfPosition> positions = new HashMap<>();

        void put(String key, ConfPosition position) {
            positions.put(key, position);
        }

        void putNode(int cluster, int node, Stanza stanza) {
            positions.put(node(cluster, node, ""), stanza.position());
            for (Stanza.Attribute attribute : stanza.attributes().values()) {
                positions.put(node(cluster, node, attribute.key()), attribute.valuePosition());
            }
        }

        SourceMap build() {
            return new SourceMap(positions);
        }
    }
}

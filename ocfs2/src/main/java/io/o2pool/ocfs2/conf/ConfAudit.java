package io.o2pool.ocfs2.conf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a whole {@link ClusterConf} against the SPEC rules that span values (unique numbers, names and
 * {@code ip:port}, the same port on every node, at most 255 nodes, a node_count that matches the nodes) and the
 * single-value {@link StrictRules}. The result is a list of warnings, empty for a valid configuration: the tools
 * load such files, so o2pool loads them too, but never writes a new invalid value. Thread-safe (stateless).
 */
public final class ConfAudit {
    private static final String REFUSED = "; o2pool refuses such a value in the changes it makes";

    private ConfAudit() {
    }

    /** Every rule the configuration breaks, without file positions. */
    public static List<ConfWarning> audit(ClusterConf conf) {
        return audit(conf, SourceMap.NONE);
    }

    /** Whether the configuration keeps every rule. */
    public static boolean isValid(ClusterConf conf) {
        return audit(conf).isEmpty();
    }

    static List<ConfWarning> audit(ClusterConf conf, SourceMap at) {
        List<ConfWarning> warnings = new ArrayList<>();
        for (int ci = 0; ci < conf.clusters().size(); ci++) {
            auditCluster(conf.clusters().get(ci), ci, at, warnings);
        }
        return warnings;
    }

    private static void auditCluster(Cluster cluster, int ci, SourceMap at, List<ConfWarning> warnings) {
        StrictRules.clusterName(cluster.name())
                .ifPresent(p -> warnings.add(at.at(SourceMap.clusterName(ci)).warn(p + REFUSED)));
        if (cluster.nodes().size() > StrictRules.MAX_NODES) {
            warnings.add(at.at(SourceMap.cluster(ci)).warn("cluster '" + ShownValue.of(cluster.name()) + "' has "
                    + cluster.nodes().size() + " nodes; at most " + StrictRules.MAX_NODES + " are possible"));
        }
        if (cluster.nodeCount() != cluster.nodes().size()) {
            warnings.add(at.at(SourceMap.nodeCount(ci)).warn("node_count is " + cluster.nodeCount()
                    + " but cluster '" + ShownValue.of(cluster.name()) + "' has " + cluster.nodes().size() + " node(s); "
                    + "o2cb_ctl takes node_count as the next node number"));
        }
        Map<Long, Integer> numbers = new HashMap<>();
        Map<String, Integer> endpoints = new HashMap<>();
        Map<String, Integer> lowerNames = new HashMap<>();
        Optional<Integer> portOwner = firstValidPort(cluster);
        for (int ni = 0; ni < cluster.nodes().size(); ni++) {
            Node node = cluster.nodes().get(ni);
            int index = ni;
            String who = "node '" + ShownValue.of(node.name()) + "': ";
            StrictRules.nodeName(node.name())
                    .ifPresent(p -> warnings.add(nodeAt(at, ci, index, "name")
                            .warn(p + REFUSED)));
            StrictRules.nodeNumber(node.number())
                    .ifPresent(p -> warnings.add(nodeAt(at, ci, index, "number").warn(who + p + REFUSED)));
            StrictRules.port(node.port())
                    .ifPresent(p -> warnings.add(nodeAt(at, ci, index, "ip_port").warn(who + p + REFUSED)));
            Integer earlier = numbers.putIfAbsent(node.number(), ni);
            if (earlier != null) {
                warnings.add(nodeAt(at, ci, index, "number").warn(who + "number " + node.number()
                        + " is already the number of " + describe(cluster, earlier, ci, at)
                        + "; node numbers must be unique"));
            }
            earlier = endpoints.putIfAbsent(node.endpoint(), ni);
            if (earlier != null) {
                warnings.add(nodeAt(at, ci, index, "ip_address").warn(who + node.endpoint()
                        + " is already the address of " + describe(cluster, earlier, ci, at)
                        + "; ip_address:ip_port must be unique"));
            }
            earlier = lowerNames.putIfAbsent(node.name().toLowerCase(Locale.ROOT), ni);
            if (earlier != null) {
                warnings.add(nodeAt(at, ci, index, "name").warn(who + "the name differs only in case "
                        + "from " + describe(cluster, earlier, ci, at) + "; o2cb compares host names ignoring case"));
            }
            if (portOwner.isPresent() && StrictRules.port(node.port()).isEmpty()) {
                Node owner = cluster.nodes().get(portOwner.get());
                if (owner.port() != node.port()) {
                    warnings.add(nodeAt(at, ci, index, "ip_port").warn(who + "ip_port is " + node.port()
                            + " but " + describe(cluster, portOwner.get(), ci, at) + " uses " + owner.port()
                            + "; every node of a cluster must use the same port"));
                }
            }
        }
        for (int hi = 0; hi < cluster.heartbeats().size(); hi++) {
            ConfPosition position = at.at(SourceMap.heartbeat(ci, hi));
            StrictRules.region(cluster.heartbeats().get(hi).region())
                    .ifPresent(p -> warnings.add(position.warn(p + REFUSED)));
        }
    }

    /** The index of the first node whose port is valid: the port the others must match. */
    static Optional<Integer> firstValidPort(Cluster cluster) {
        for (int i = 0; i < cluster.nodes().size(); i++) {
            if (StrictRules.port(cluster.nodes().get(i).port()).isEmpty()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static ConfPosition nodeAt(SourceMap at, int ci, int node, String key) {
        return at.at(SourceMap.node(ci, node, key));
    }

    private static String describe(Cluster cluster, int node, int ci, SourceMap at) {
        int line = at.at(SourceMap.node(ci, node, "")).line();
        return "node '" + ShownValue.of(cluster.nodes().get(node).name()) + "'" + (line > 0 ? " (line " + line + ")" : "");
    }
}

package io.o2pool.agent.stack;

import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.util.List;
import java.util.Optional;

/**
 * What a stack driver needs from the live configuration: the cluster name and heartbeat mode, the nodes, and the
 * four o2cb timeouts (the {@code ocfs2} table's defaults when the defaults file omits them; never a default in place
 * of a bad value), and whether the stack starts with the host ({@code O2CB_ENABLED}). The cluster is
 * the one {@code O2CB_BOOTCLUSTER} names, else the first of cluster.conf. Immutable.
 */
public record StackConfig(String clusterName, String heartbeatMode, List<Node> nodes, int deadThreshold,
        int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs, boolean enabledOnBoot) {
    /** One {@code node:} stanza. */
    public record Node(String name, int number, String ipAddress, int ipPort) {
    }

    public StackConfig {
        nodes = List.copyOf(nodes);
    }

    /**
     * The stack's view of a parsed and validated configuration: the cluster {@code O2CB_BOOTCLUSTER} names, else the
     * first of cluster.conf, with the defaults' timeouts. Parsing and validation are the caller's
     * ({@code Ocfs2ConfigValidator}), done once per text.
     *
     * @throws IllegalArgumentException when cluster.conf defines no cluster
     */
    public static StackConfig of(ClusterConf conf, O2cbDefaults defaults) {
        Optional<Cluster> boot = conf.cluster(defaults.bootCluster());
        Cluster cluster = boot.or(() -> conf.clusters().stream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("cluster.conf defines no cluster"));
        List<Node> nodes = cluster.nodes().stream()
                .map(n -> new Node(n.name(), (int) n.number(), n.ipAddress(), (int) n.port())).toList();
        return new StackConfig(cluster.name(), cluster.heartbeatMode().text(), nodes, defaults.heartbeatThreshold(),
                defaults.idleTimeoutMs(), defaults.keepaliveDelayMs(), defaults.reconnectDelayMs(), defaults.enabled());
    }

    /** The node named {@code name} (host names compare case-insensitively up to the first '.', as o2cb does). */
    public Optional<Node> node(String name) {
        String wanted = shortName(name);
        return nodes.stream().filter(n -> shortName(n.name()).equals(wanted)).findFirst();
    }

    static String shortName(String name) {
        return name.split("\\.")[0].toLowerCase(java.util.Locale.ROOT);
    }
}

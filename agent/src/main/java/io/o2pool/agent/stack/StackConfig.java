package io.o2pool.agent.stack;

import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfReader;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsException;
import io.o2pool.ocfs2.defaults.O2cbDefaultsFile;
import java.util.List;
import java.util.Optional;

/**
 * What a stack driver needs from the live configuration: the cluster name and heartbeat mode, the nodes, and the
 * four o2cb timeouts (defaults 31 / 30000 ms / 2000 ms / 2000 ms when the defaults file omits them), and whether
 * the stack starts with the host ({@code O2CB_ENABLED}). The cluster is
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
     * Builds the stack's view from the two live files' text (validated when they were staged, so a failure here
     * means someone edited them by hand: the message names the file's problem).
     */
    public static StackConfig from(String clusterConf, String o2cbDefaults) {
        ClusterConf conf;
        O2cbDefaults defaults;
        try {
            conf = ConfReader.parse(clusterConf).conf();
        } catch (ConfParseException e) {
            throw new IllegalArgumentException("live cluster.conf does not load: " + e.getMessage(), e);
        }
        try {
            defaults = O2cbDefaultsFile.parse("o2cb defaults", o2cbDefaults).toDefaultsRepaired().defaults();
        } catch (O2cbDefaultsException e) {
            throw new IllegalArgumentException("live o2cb defaults file does not load: " + e.getMessage(), e);
        }
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

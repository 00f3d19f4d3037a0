package io.o2pool.agent.stack;

import io.o2pool.agent.config.ClusterConfText;
import io.o2pool.agent.config.O2cbDefaultsText;
import java.util.List;

/**
 * What a stack driver needs from the live configuration: the cluster name and heartbeat mode, the nodes, and the
 * four o2cb timeouts (defaults 31 / 30000 ms / 2000 ms / 2000 ms when the defaults file omits them).
 */
public record StackConfig(String clusterName, String heartbeatMode, List<Node> nodes, int deadThreshold,
        int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs) {
    /** One {@code node:} stanza. */
    public record Node(String name, int number, String ipAddress, int ipPort) {
    }

    public StackConfig {
        nodes = List.copyOf(nodes);
    }

    /** Builds the stack's view from the two live files' text (already validated when they were staged). */
    public static StackConfig from(String clusterConf, String o2cbDefaults) {
        ClusterConfText conf = ClusterConfText.parse(clusterConf);
        O2cbDefaultsText defaults = O2cbDefaultsText.parse(o2cbDefaults);
        String name = conf.clusterName().orElseThrow(() -> new IllegalArgumentException("cluster.conf defines no cluster"));
        String mode = conf.all("cluster").get(0).get("heartbeat_mode").orElse("local").toLowerCase(java.util.Locale.ROOT);
        List<Node> nodes = conf.all("node").stream()
                .filter(s -> s.get("cluster").orElse(name).equals(name))
                .map(s -> new Node(s.get("name").orElseThrow(), Integer.parseInt(s.get("number").orElseThrow()),
                        s.get("ip_address").orElseThrow(), Integer.parseInt(s.get("ip_port").orElse("7777"))))
                .toList();
        return new StackConfig(name, mode, nodes,
                value(defaults, "O2CB_HEARTBEAT_THRESHOLD", 31), value(defaults, "O2CB_IDLE_TIMEOUT_MS", 30000),
                value(defaults, "O2CB_KEEPALIVE_DELAY_MS", 2000), value(defaults, "O2CB_RECONNECT_DELAY_MS", 2000));
    }

    private static int value(O2cbDefaultsText defaults, String key, int fallback) {
        return defaults.get(key).map(O2cbDefaultsText.Entry::value).filter(v -> v.matches("\\d+"))
                .map(Integer::parseInt).orElse(fallback);
    }
}

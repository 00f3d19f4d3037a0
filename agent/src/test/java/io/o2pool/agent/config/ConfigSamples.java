package io.o2pool.agent.config;

import io.o2pool.agent.api.StageRequest;

/** Configuration generations from the seed's scenario, shared by the config tests. */
public final class ConfigSamples {
    private ConfigSamples() {
    }

    public static final String POOL = "pool-1";

    /** cluster.conf in the byte layout ocfs2-tools writes, with nodes vm-host03 (0) … up to {@code nodes}. */
    public static String clusterConf(int nodes) {
        String[][] all = {{"vm-host03", "192.168.3.153"}, {"vm-host02", "192.168.3.152"}, {"vm-host04", "192.168.3.154"}};
        StringBuilder text = new StringBuilder("cluster:\n\tname = ocfs2\n\theartbeat_mode = local\n\tnode_count = "
                + nodes + "\n\n");
        for (int i = 0; i < nodes; i++) {
            text.append("node:\n\tcluster = ocfs2\n\tnumber = ").append(i).append("\n\tip_port = 7777\n\tip_address = ")
                    .append(all[i][1]).append("\n\tname = ").append(all[i][0]).append("\n\n");
        }
        return text.toString();
    }

    /** An o2cb defaults file with the given heartbeat threshold (the other timeouts at their defaults). */
    public static String o2cb(int threshold) {
        return "# O2CB configuration, written by o2pool\nO2CB_ENABLED=true\nO2CB_STACK=o2cb\nO2CB_BOOTCLUSTER=ocfs2\n"
                + "O2CB_HEARTBEAT_THRESHOLD=" + threshold + "\nO2CB_IDLE_TIMEOUT_MS=30000\nO2CB_KEEPALIVE_DELAY_MS=2000\n"
                + "O2CB_RECONNECT_DELAY_MS=2000\n";
    }

    /** Generation {@code n}: n nodes (capped at 3) and threshold 30 + n, so each generation differs in both files. */
    public static StageRequest generation(long n) {
        return StageRequest.of(n, POOL, clusterConf((int) Math.min(3, Math.max(1, n))), o2cb((int) (30 + n)));
    }
}

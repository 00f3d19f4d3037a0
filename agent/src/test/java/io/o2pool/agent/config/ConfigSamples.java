package io.o2pool.agent.config;

import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfWriter;
import io.o2pool.ocfs2.conf.HeartbeatMode;
import io.o2pool.ocfs2.conf.Node;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration generations from the seed's scenario, shared by the config tests, written by the {@code ocfs2}
 * module's writers so they have the bytes ocfs2-tools and the o2cb init script write.
 */
public final class ConfigSamples {
    private ConfigSamples() {
    }

    public static final String POOL = "pool-1";
    static final String[][] NODES = {{"vm-host03", "192.168.3.153"}, {"vm-host02", "192.168.3.152"},
            {"vm-host04", "192.168.3.154"}};

    /** cluster.conf with nodes vm-host03 (0), vm-host02 (1), vm-host04 (2), the first {@code nodes} of them. */
    public static String clusterConf(int nodes) {
        List<String[]> chosen = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            chosen.add(new String[] {NODES[i][0], NODES[i][1], "7777"});
        }
        return clusterConf("ocfs2", chosen);
    }

    /** cluster.conf of {@code cluster} with the given {@code name, ip, port} nodes, numbered from 0 in order. */
    public static String clusterConf(String cluster, List<String[]> nodes) {
        List<Node> list = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String[] n = nodes.get(i);
            list.add(new Node(n[0], i, n[1], Long.parseLong(n[2])));
        }
        return ConfWriter.toText(new ClusterConf(List.of(new Cluster(cluster, HeartbeatMode.LOCAL, list.size(), list,
                List.of()))));
    }

    /** The o2cb defaults file the init script writes, enabled, with the given heartbeat threshold (may be invalid). */
    public static String o2cb(int threshold) {
        return o2cb(O2cbDefaults.defaults().withEnabled(true)).replace("O2CB_HEARTBEAT_THRESHOLD=31",
                "O2CB_HEARTBEAT_THRESHOLD=" + threshold);
    }

    /** The o2cb defaults file the init script writes for {@code values}. */
    public static String o2cb(O2cbDefaults values) {
        return O2cbDefaultsWriter.render(values);
    }

    /**
     * The stack's view of the two files, read as the agent reads its live files ({@link Ocfs2ConfigValidator#readLive}).
     *
     * @throws IllegalArgumentException listing the problems when the files cannot be used
     */
    public static StackConfig stackConfig(String clusterConf, String o2cbDefaults) {
        ParsedConfig parsed = Ocfs2ConfigValidator.readLive("cluster.conf", clusterConf, "o2cb", o2cbDefaults);
        if (parsed.config() == null) {
            throw new IllegalArgumentException(String.join("; ", parsed.messages()));
        }
        return parsed.config();
    }

    /** Generation {@code n}: n nodes (capped at 3) and threshold 30 + n, so each generation differs in both files. */
    public static StageRequest generation(long n) {
        return StageRequest.of(n, POOL, clusterConf((int) Math.min(3, Math.max(1, n))), o2cb((int) (30 + n)));
    }
}

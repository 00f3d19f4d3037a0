package io.o2pool.manager.planner;

import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfEditException;
import io.o2pool.ocfs2.conf.ConfEditor;
import io.o2pool.ocfs2.conf.ConfWriter;
import io.o2pool.ocfs2.conf.HeartbeatMode;
import io.o2pool.ocfs2.conf.NewNode;
import java.util.OptionalLong;

/**
 * Renders a {@link ClusterSpec} as cluster.conf text through the {@code ocfs2} module's {@link ConfEditor} and
 * {@link ConfWriter}, so the manager writes exactly the bytes {@code o2cb add-cluster}/{@code add-node} of
 * ocfs2-tools would (one source of truth for the format). Nodes are added in number order. Pure and thread-safe; the
 * same spec always gives the same bytes, which is what keeps every member byte-identical.
 */
public final class ClusterConfRenderer {
    private ClusterConfRenderer() {
    }

    /** The cluster.conf text of {@code spec}; throws {@link IllegalArgumentException} if o2cb would refuse it. */
    public static String render(ClusterSpec spec) {
        return ConfWriter.toText(conf(spec));
    }

    /** The configuration {@code o2cb add-cluster}, {@code heartbeat-mode} and one {@code add-node} per node build. */
    static ClusterConf conf(ClusterSpec spec) {
        try {
            ClusterConf conf = ConfEditor.addCluster(ClusterConf.empty(), spec.clusterName());
            HeartbeatMode mode = switch (spec.heartbeatMode()) {
                case LOCAL -> HeartbeatMode.LOCAL;
                case GLOBAL -> HeartbeatMode.GLOBAL;
            };
            conf = ConfEditor.setHeartbeatMode(conf, spec.clusterName(), mode);
            for (NodeSpec n : spec.nodes()) {
                conf = ConfEditor.addNode(conf, spec.clusterName(),
                        new NewNode(n.nodeName(), OptionalLong.of(n.number()), n.ipAddress(), spec.ipPort()));
            }
            return conf;
        } catch (ConfEditException e) {
            throw new IllegalArgumentException("cluster " + spec.clusterName() + ": " + e.getMessage(), e);
        }
    }
}

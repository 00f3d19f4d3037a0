package io.o2pool.manager.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.manager.model.HeartbeatMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPEC's cluster rules and the cluster.conf layout of ocfs2-tools' {@code o2cb add-cluster/add-node}. */
class ClusterSpecTest {
    static final NodeSpec HOST03 = new NodeSpec("a", 0, "vm-host03", "192.168.3.153");
    static final NodeSpec HOST02 = new NodeSpec("b", 1, "vm-host02", "192.168.3.152");

    @Test
    void rendersTheLayoutOcfs2ToolsWrites() {
        // captured from: o2cb --config-file=F add-cluster ocfs2; add-node --ip ... --port 7777 --number N ocfs2 NAME
        String expected = "cluster:\n\tname = ocfs2\n\theartbeat_mode = local\n\tnode_count = 2\n\n"
                + "node:\n\tcluster = ocfs2\n\tnumber = 0\n\tip_port = 7777\n\tip_address = 192.168.3.153\n"
                + "\tname = vm-host03\n\n"
                + "node:\n\tcluster = ocfs2\n\tnumber = 1\n\tip_port = 7777\n\tip_address = 192.168.3.152\n"
                + "\tname = vm-host02\n\n";
        assertThat(ClusterConfRenderer.render(new ClusterSpec("ocfs2", 7777, HeartbeatMode.LOCAL,
                List.of(HOST02, HOST03)))).isEqualTo(expected);
    }

    @Test
    void rejectsDuplicateNumbersNamesAndAddresses() {
        assertThatThrownBy(() -> spec(HOST03, new NodeSpec("c", 0, "other", "10.0.0.1")))
                .hasMessageContaining("number 0 is taken");
        assertThatThrownBy(() -> spec(HOST03, new NodeSpec("c", 2, "vm-host03", "10.0.0.1")))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> spec(HOST03, new NodeSpec("c", 2, "other", "192.168.3.153")))
                .hasMessageContaining("192.168.3.153:7777 is used");
        assertThatThrownBy(() -> spec(new NodeSpec("c", 255, "other", "10.0.0.1")))
                .hasMessageContaining("outside 0-254");
        assertThatThrownBy(() -> new ClusterSpec("this-name-is-too-long", 7777, HeartbeatMode.LOCAL, List.of()))
                .hasMessageContaining("1-16");
    }

    @Test
    void diffShowsTheAddedNode() {
        String before = ClusterConfRenderer.render(spec(HOST03));
        String after = ClusterConfRenderer.render(spec(HOST03, HOST02));
        String diff = TextDiff.unified(before, after, "live", "next");
        assertThat(diff).startsWith("--- live\n+++ next\n").contains("-\tnode_count = 1\n+\tnode_count = 2\n")
                .contains("+\tname = vm-host02\n");
    }

    private static ClusterSpec spec(NodeSpec... nodes) {
        return new ClusterSpec("ocfs2", 7777, HeartbeatMode.LOCAL, List.of(nodes));
    }
}

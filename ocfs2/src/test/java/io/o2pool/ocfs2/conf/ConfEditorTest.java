package io.o2pool.ocfs2.conf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The editor's changes: o2cb's behaviour (numbers, node_count, messages) plus the strict rules. */
class ConfEditorTest {
    private static final ClusterConf SEED = seed();

    @Test
    void buildsTheSeedsClusterStepByStep() throws Exception {
        ClusterConf conf = ConfEditor.addCluster(ClusterConf.empty(), "ocfs2");
        conf = ConfEditor.addNode(conf, "ocfs2", NewNode.of("vm-host03", "192.168.3.153"));
        conf = ConfEditor.addNode(conf, "ocfs2", NewNode.of("vm-host02", "192.168.3.152"));
        conf = ConfEditor.addNode(conf, "ocfs2", NewNode.of("vm-host04", "192.168.3.154"));
        assertThat(conf).isEqualTo(SEED);
    }

    @Test
    void aNewNodeTakesTheLowestFreeNumber() throws Exception {
        ClusterConf conf = ConfEditor.removeNode(SEED, "ocfs2", "vm-host02");
        conf = ConfEditor.addNode(conf, "ocfs2", NewNode.of("newone", "10.0.0.50"));
        assertThat(conf.cluster("ocfs2").orElseThrow().nodes()).extracting(Node::name, Node::number).containsExactly(
                org.assertj.core.groups.Tuple.tuple("vm-host03", 0L), org.assertj.core.groups.Tuple.tuple("vm-host04", 2L),
                org.assertj.core.groups.Tuple.tuple("newone", 1L));
        assertThat(conf.cluster("ocfs2").orElseThrow().nodeCount()).isEqualTo(3);
    }

    @Test
    void nodeCountMovesByOneAsInO2cbButNeverWrapsAround() throws Exception {
        ClusterConf off = new ClusterConf(List.of(new Cluster("ocfs2", HeartbeatMode.LOCAL, 10,
                List.of(new Node("alpha", 0, "10.0.0.1", 7777)), List.of())));
        assertThat(ConfEditor.addNode(off, "ocfs2", NewNode.of("beta", "10.0.0.2")).clusters().get(0).nodeCount())
                .isEqualTo(11);
        ClusterConf zero = new ClusterConf(List.of(new Cluster("x", HeartbeatMode.LOCAL, 0,
                List.of(new Node("a", 0, "10.0.0.1", 7777)), List.of())));
        assertThat(ConfEditor.removeNode(zero, "x", "a").clusters().get(0).nodeCount())
                .as("1.8.7 writes 4294967295 here").isZero();
    }

    @Test
    void refusesWithTheToolsMessages() {
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("vm-host03", "10.0.0.9")),
                EditFailure.ALREADY_EXISTS, "Node 'vm-host03' already exists");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("x", "10.0.0.9").withNumber(1)),
                EditFailure.ALREADY_EXISTS, "Choose another node number as '1' is in use");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("x", "10.0.0.9").withNumber(255)),
                EditFailure.OUT_OF_RANGE, "Nodenum should be >=0 and < 255 but is 255");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("x", "fe80::1")),
                EditFailure.INVALID, "Bad IP Address 'fe80::1'");
        assertRefused(() -> ConfEditor.addNode(SEED, "nosuch", NewNode.of("x", "10.0.0.9")),
                EditFailure.NOT_FOUND, "Unknown cluster 'nosuch'");
        assertRefused(() -> ConfEditor.removeNode(SEED, "ocfs2", "nosuch"), EditFailure.NOT_FOUND,
                "Unknown node 'nosuch'");
        assertRefused(() -> ConfEditor.addCluster(SEED, "ocfs2"), EditFailure.ALREADY_EXISTS,
                "Cluster 'ocfs2' already exists");
        assertRefused(() -> ConfEditor.removeHeartbeat(SEED, "ocfs2", "AB"), EditFailure.NOT_FOUND,
                "Unknown heartbeat region 'AB'");
    }

    @Test
    void refusesWhatTheToolAcceptsButTheStrictRulesDoNot() {
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("x", "10.0.0.9").withPort(70000)),
                EditFailure.OUT_OF_RANGE, "Port number '70000' is invalid; it must be between 1 and 65535");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("x", "192.168.3.152")),
                EditFailure.ALREADY_EXISTS, "Address 192.168.3.152:7777 is already used by node 'vm-host02'");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("x", "10.0.0.9").withPort(7778)),
                EditFailure.INVALID, "Port number '7778' differs from port 7777 of node 'vm-host03'; every node of "
                        + "cluster 'ocfs2' must use the same port");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("VM-HOST03", "10.0.0.9")),
                EditFailure.ALREADY_EXISTS, "Node 'VM-HOST03' already exists as 'vm-host03' (o2cb compares host "
                        + "names ignoring case)");
        assertRefused(() -> ConfEditor.addNode(SEED, "ocfs2", NewNode.of("node with space", "10.0.0.9")),
                EditFailure.INVALID, "Node name 'node with space' is invalid; expected the server's host name: 1 to "
                        + "64 letters, digits, '-', '_' or '.'");
        assertRefused(() -> ConfEditor.addHeartbeat(SEED, "ocfs2", "/dev/sdc1"), EditFailure.INVALID,
                "Heartbeat region '/dev/sdc1' is invalid; expected the filesystem UUID: 32 upper-case hexadecimal "
                        + "digits such as 77D95EF51C0149D2823674FCC162CF8B");
    }

    @Test
    void aFullClusterTakesNoMoreNodes() throws Exception {
        ClusterConf conf = ConfEditor.addCluster(ClusterConf.empty(), "big");
        for (int i = 0; i <= StrictRules.MAX_NODE_NUMBER; i++) {
            conf = ConfEditor.addNode(conf, "big", NewNode.of("n" + i, "10.1." + i / 200 + "." + (i % 200 + 1)));
        }
        ClusterConf full = conf;
        assertRefused(() -> ConfEditor.addNode(full, "big", NewNode.of("one-more", "10.2.0.1")), EditFailure.FULL,
                "Cluster is full - No more nodes can be added to it");
        assertThat(ConfAudit.isValid(full)).isTrue();
    }

    @Test
    void heartbeatRegionsAndModeChange() throws Exception {
        ClusterConf conf = ConfEditor.addHeartbeat(SEED, "ocfs2", "77D95EF51C0149D2823674FCC162CF8B");
        conf = ConfEditor.setHeartbeatMode(conf, "ocfs2", HeartbeatMode.GLOBAL);
        Cluster cluster = conf.cluster("ocfs2").orElseThrow();
        assertThat(cluster.heartbeatMode()).isEqualTo(HeartbeatMode.GLOBAL);
        assertThat(cluster.heartbeats()).containsExactly(new HeartbeatRegion("77D95EF51C0149D2823674FCC162CF8B"));
        ClusterConf withRegion = conf;
        assertRefused(() -> ConfEditor.addHeartbeat(withRegion, "ocfs2", "77D95EF51C0149D2823674FCC162CF8B"),
                EditFailure.ALREADY_EXISTS, "Heartbeat region '77D95EF51C0149D2823674FCC162CF8B' already exists");
        assertThat(ConfEditor.removeHeartbeat(conf, "ocfs2", "77D95EF51C0149D2823674FCC162CF8B")
                .cluster("ocfs2").orElseThrow().heartbeats()).isEmpty();
        assertThat(ConfEditor.removeCluster(conf, "ocfs2")).isEqualTo(ClusterConf.empty());
    }

    @Test
    void aLoadedInvalidValueStaysButNoNewOneIsAdded() throws Exception {
        ClusterConf loaded = new ClusterConf(List.of(new Cluster("ocfs2", HeartbeatMode.LOCAL, 1,
                List.of(new Node("alpha", 300, "10.0.0.1", 99999)), List.of())));
        ClusterConf changed = ConfEditor.addNode(loaded, "ocfs2", new NewNode("beta", OptionalLong.empty(),
                "10.0.0.2", 7777));
        assertThat(changed.cluster("ocfs2").orElseThrow().nodes()).containsExactly(
                new Node("alpha", 300, "10.0.0.1", 99999), new Node("beta", 0, "10.0.0.2", 7777));
    }

    interface Edit {
        ClusterConf apply() throws ConfEditException;
    }

    private static void assertRefused(Edit edit, EditFailure failure, String message) {
        assertThatThrownBy(edit::apply).isInstanceOfSatisfying(ConfEditException.class, e -> {
            assertThat(e.failure()).isEqualTo(failure);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static ClusterConf seed() {
        return new ClusterConf(List.of(new Cluster("ocfs2", HeartbeatMode.LOCAL, 3, List.of(
                new Node("vm-host03", 0, "192.168.3.153", 7777), new Node("vm-host02", 1, "192.168.3.152", 7777),
                new Node("vm-host04", 2, "192.168.3.154", 7777)), List.of())));
    }
}

package io.o2pool.ocfs2.conf;

import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's bytes: recorded files come back identical; order, empty values and continuations as 1.8.7. */
class ConfWriterTest {
    @Test
    void rewritesEveryRecordedFileOfTheToolsToTheSameBytes() throws Exception {
        for (String name : List.of("o2cb-step1-add-cluster.conf", "o2cb-step2-add-vm-host03.conf",
                "o2cb-step3-add-vm-host02.conf", "o2cb-step4-add-vm-host04.conf", "o2cb_ctl-step4-vm-host04.conf",
                "o2cb-validation-result.conf", "o2cb_ctl-validation-result.conf",
                "o2cb-global-heartbeat-example.conf")) {
            byte[] recorded = Files.readAllBytes(SharedDocs.ocfs2Tools(name));
            assertThat(ConfWriter.toBytes(ConfReader.parse(recorded).conf())).as(name).isEqualTo(recorded);
        }
    }

    @Test
    void noClustersIsAnEmptyFile() {
        assertThat(ConfWriter.toBytes(ClusterConf.empty())).isEmpty();
    }

    @Test
    void writesClustersThenHeartbeatsThenNodesWithTheFixedKeyOrder() {
        Cluster a = new Cluster("a", HeartbeatMode.GLOBAL, 1, List.of(new Node("na1", 0, "10.0.0.1", 7777)),
                List.of(new HeartbeatRegion("HB1")));
        Cluster b = new Cluster("b", HeartbeatMode.LOCAL, 1, List.of(new Node("nb1", 0, "10.0.0.2", 7777)),
                List.of(new HeartbeatRegion("HB2")));
        assertThat(ConfWriter.toText(new ClusterConf(List.of(a, b)))).isEqualTo("""
                cluster:
                \tname = a
                \theartbeat_mode = global
                \tnode_count = 1

                cluster:
                \tname = b
                \theartbeat_mode = local
                \tnode_count = 1

                heartbeat:
                \tcluster = a
                \tregion = HB1

                heartbeat:
                \tcluster = b
                \tregion = HB2

                node:
                \tcluster = a
                \tnumber = 0
                \tip_port = 7777
                \tip_address = 10.0.0.1
                \tname = na1

                node:
                \tcluster = b
                \tnumber = 0
                \tip_port = 7777
                \tip_address = 10.0.0.2
                \tname = nb1

                """);
    }

    @Test
    void nodesComeBeforeHeartbeatsWhenTheFirstClusterWithEitherHasOnlyNodes() {
        Cluster nodesOnly = new Cluster("a", HeartbeatMode.LOCAL, 1, List.of(new Node("n", 0, "10.0.0.1", 7777)),
                List.of());
        Cluster regionsOnly = new Cluster("b", HeartbeatMode.GLOBAL, 0, List.of(), List.of(new HeartbeatRegion("R")));
        Cluster empty = Cluster.named("e");
        assertThat(stanzaOrder(new ClusterConf(List.of(nodesOnly, regionsOnly))))
                .containsExactly("cluster:", "cluster:", "node:", "heartbeat:");
        assertThat(stanzaOrder(new ClusterConf(List.of(empty, regionsOnly, nodesOnly))))
                .containsExactly("cluster:", "cluster:", "cluster:", "heartbeat:", "node:");
    }

    private static List<String> stanzaOrder(ClusterConf conf) {
        return ConfWriter.toText(conf).lines().filter(l -> l.endsWith(":")).toList();
    }

    @Test
    void anEmptyValueHasNoSpaceAfterTheEqualsSignAndANewlineBecomesAContinuation() {
        Cluster cluster = new Cluster("", HeartbeatMode.LOCAL, 1, List.of(new Node("al\npha", 0, "10.0.0.1", 7777)),
                List.of());
        assertThat(ConfWriter.toText(new ClusterConf(List.of(cluster)))).isEqualTo("""
                cluster:
                \tname =
                \theartbeat_mode = local
                \tnode_count = 1

                node:
                \tcluster =
                \tnumber = 0
                \tip_port = 7777
                \tip_address = 10.0.0.1
                \tname = al\\
                pha

                """);
    }
}

package io.o2pool.manager.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joining a second survivor's view of one kernel fence ({@link FenceRecord#withSurvivorsOf}). */
class FenceRecordTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final String EVICTED = "o2cb: o2dlm has evicted node 2 from domain 60E218C1B31E4AC2952958C57C37A4C3";

    private static FenceRecord kernel(String rule, int hb, int conn, String survivor, String... survivorLines) {
        List<KernelFence.Line> lines = new java.util.ArrayList<>(List.of(new KernelFence.Line("NETCONSOLE", "node2",
                survivor, 62_145_210L, 3, "*** ocfs2 is very sorry to be fencing this system by restarting ***")));
        for (String l : survivorLines) {
            lines.add(new KernelFence.Line("SURVIVOR", survivor, null, 66_266_228L, null, l));
        }
        return new FenceRecord(AT, "ocfs2", "node2", 2, rule, "m", hb, conn, 0, List.of(survivor), List.of(survivor),
                List.of(), "reset", new KernelFence("netconsole via " + survivor, 12012L, 5884L,
                        List.of(survivor + "=4608"), lines));
    }

    @Test
    void anotherSurvivorsEvictionLinesPeersAndCountsAreJoinedOnce() {
        FenceRecord joined = kernel("WRITE_TIMEOUT", 2, 2, "node0", EVICTED)
                .withSurvivorsOf(kernel("WRITE_TIMEOUT", 2, 2, "node1", EVICTED));

        assertThat(joined.peersSeen()).containsExactly("node0", "node1");
        assertThat(joined.peersConnected()).containsExactly("node0", "node1");
        assertThat(joined.heartbeating()).isEqualTo(3);
        assertThat(joined.connected()).isEqualTo(3);
        assertThat(joined.kernel().fencedNodeSource()).as("the first answer's").isEqualTo("netconsole via node0");
        assertThat(joined.kernel().lines()).extracting(l -> l.origin() + " " + l.node())
                .containsExactly("NETCONSOLE node2", "SURVIVOR node0", "SURVIVOR node1");
        assertThat(joined.kernel().evictionMs()).containsExactly("node0=4608", "node1=4608");
        assertThat(joined.withSurvivorsOf(kernel("WRITE_TIMEOUT", 2, 2, "node1", EVICTED)))
                .as("the same survivor again adds nothing").isEqualTo(joined);
    }

    @Test
    void countsFromTheFencedNodesQuorumLineStayAndOtherRecordsAreLeftAlone() {
        FenceRecord quorum = kernel("QUORUM_MINORITY", 3, 1, "node0", EVICTED)
                .withSurvivorsOf(kernel("QUORUM_MINORITY", 3, 1, "node1", EVICTED));
        assertThat(quorum.heartbeating()).isEqualTo(3);
        assertThat(quorum.connected()).as("the kernel's own count").isEqualTo(1);

        FenceRecord userspace = new FenceRecord(AT, "ocfs2", "node2", 2, "WRITE_TIMEOUT", "m", 3, 3, 0,
                List.of("node0"), List.of("node0"), List.of(12_000L), "stop");
        assertThat(userspace.withSurvivorsOf(kernel("WRITE_TIMEOUT", 2, 2, "node1", EVICTED))).isEqualTo(userspace);
        FenceRecord other = kernel("WRITE_TIMEOUT", 2, 2, "node0", EVICTED);
        assertThat(other.withSurvivorsOf(new FenceRecord(AT, "ocfs2", "node3", 3, "WRITE_TIMEOUT", "m", 2, 2, 0,
                List.of("node1"), List.of(), List.of(), "reset", other.kernel()))).as("another node's").isEqualTo(other);
    }
}

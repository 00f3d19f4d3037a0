package io.o2pool.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.FenceRecords;
import io.o2pool.cluster.fence.FenceMethod;
import io.o2pool.cluster.fence.FenceRecord;
import io.o2pool.cluster.fence.FenceRecordStore;
import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's fence records from the shared fence folder: only its own, newest first, bounded, every field kept. */
class FenceHistoryTest {
    @TempDir
    Path regionDir;

    private static FenceRecord record(String node, int number, String at, FenceRule rule) {
        return new FenceRecord(Instant.parse(at), "ocfs2", node, number, rule, "rule " + rule + " fired", 3, 1, 0,
                List.of("vm-host02", "vm-host04"), List.of(), List.of(12L, 40L, 9000L), FenceMethod.STOP);
    }

    @Test
    void aNodesRecordsNewestFirstWithoutThePeersOnesAndAtMostTheLimit() throws Exception {
        FenceRecordStore store = new FenceRecordStore(regionDir);
        store.write(record("vm-host03", 0, "2024-05-01T10:00:00Z", FenceRule.QUORUM_MINORITY));
        store.write(record("vm-host03", 0, "2024-05-03T10:00:00Z", FenceRule.WRITE_TIMEOUT));
        store.write(record("vm-host02", 1, "2024-05-04T10:00:00Z", FenceRule.WRITE_TIMEOUT));
        store.write(record("vm-host03", 0, "2024-05-02T10:00:00Z", FenceRule.QUORUM_HALF_WITHOUT_LOWEST));

        FenceRecords two = FenceHistory.read("userspace", regionDir, "vm-host03", 2);
        assertThat(two.node()).isEqualTo("vm-host03");
        assertThat(two.directory()).isEqualTo(regionDir.resolve("fence").toString());
        assertThat(two.note()).isNull();
        assertThat(two.records()).extracting(r -> r.time().toString(), r -> r.rule()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2024-05-03T10:00:00Z", "WRITE_TIMEOUT"),
                org.assertj.core.groups.Tuple.tuple("2024-05-02T10:00:00Z", "QUORUM_HALF_WITHOUT_LOWEST"));
        assertThat(two.records().getFirst()).satisfies(r -> {
            assertThat(r.cluster()).isEqualTo("ocfs2");
            assertThat(r.nodeNumber()).isZero();
            assertThat(r.message()).isEqualTo("rule WRITE_TIMEOUT fired");
            assertThat(r.heartbeating()).isEqualTo(3);
            assertThat(r.connected()).isEqualTo(1);
            assertThat(r.lowestNode()).isZero();
            assertThat(r.peersSeen()).containsExactly("vm-host02", "vm-host04");
            assertThat(r.peersConnected()).isEmpty();
            assertThat(r.lastWriteLatenciesMs()).containsExactly(12L, 40L, 9000L);
            assertThat(r.method()).isEqualTo("stop");
        });
        assertThat(FenceHistory.read("userspace", regionDir, "vm-host03", 20).records()).hasSize(3);
        assertThat(FenceHistory.read("userspace", regionDir, "vm-host02", 20).records()).singleElement()
                .satisfies(r -> assertThat(r.nodeNumber()).isEqualTo(1));
    }

    @Test
    void noFenceFolderIsNoRecords() {
        assertThat(FenceHistory.read("userspace", regionDir.resolve("nothing-here"), "vm-host03", 20).records())
                .isEmpty();
    }
}

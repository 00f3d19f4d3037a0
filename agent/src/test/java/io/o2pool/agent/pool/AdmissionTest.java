package io.o2pool.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.pool.Admission.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start rule: a node holds its stack only when the pool's record is newer with other files, or drops it. */
class AdmissionTest {
    static final String POOL = "pool-7";
    static final GenerationRef LIVE_5 = new GenerationRef(5, "sum-5", POOL);

    static Optional<PoolRecord> record(long generation, String checksum, String... nodes) {
        List<PoolRecord.Node> list = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            list.add(new PoolRecord.Node(nodes[i], i));
        }
        return Optional.of(new PoolRecord(POOL, "ocfs2", generation, checksum, list, "vm-host01",
                Instant.parse("2026-12-04T12:03:14Z")));
    }

    @Test
    void startsWithoutARecordOrWithoutALiveGeneration() {
        assertThat(Admission.judge("vm-host03", LIVE_5, Optional.empty()).decision()).isEqualTo(Decision.START);
        assertThat(Admission.judge("vm-host03", null, record(9, "sum-9", "vm-host01")).decision())
                .isEqualTo(Decision.START);
    }

    @Test
    void startsWhenTheRecordIsNotNewerOrHasTheSameFiles() {
        assertThat(Admission.judge("vm-host03", LIVE_5, record(5, "sum-5", "vm-host01", "vm-host03")).admitted())
                .isTrue();
        assertThat(Admission.judge("vm-host03", LIVE_5, record(4, "sum-4", "vm-host01")).admitted())
                .as("an older record (written before this node's last commit)").isTrue();
        assertThat(Admission.judge("vm-host03", LIVE_5, record(6, "sum-5", "vm-host01", "vm-host03")).admitted())
                .as("a newer generation with the same files: a rollback restored them").isTrue();
    }

    @Test
    void holdsANodeThatMissedGenerationsNamingBoth() {
        Admission a = Admission.judge("vm-host03", LIVE_5, record(7, "sum-7", "vm-host01", "vm-host02", "vm-host03",
                "vm-host04"));
        assertThat(a.decision()).isEqualTo(Decision.HOLD_BEHIND);
        assertThat(a.reason()).contains("generation 7", "vm-host03 has generation 5", "written by vm-host01",
                "until the manager brings it to generation 7");
    }

    @Test
    void holdsANodeThePoolNoLongerListsComparingNamesAsO2cbDoes() {
        Admission removed = Admission.judge("vm-host03", LIVE_5, record(6, "sum-6", "vm-host01", "vm-host02"));
        assertThat(removed.decision()).isEqualTo(Decision.HOLD_REMOVED);
        assertThat(removed.reason()).contains("vm-host03 no longer belongs to the pool", "generation 6");
        assertThat(Admission.judge("VM-HOST03.example.com", LIVE_5, record(6, "sum-6", "vm-host03")).decision())
                .isEqualTo(Decision.HOLD_BEHIND);
    }

    @Test
    void aRecordOfAnotherPoolDoesNotHoldTheNode() {
        Optional<PoolRecord> other = Optional.of(new PoolRecord("pool-8", "ocfs2", 99, "x", List.of(), "vm-host09",
                Instant.EPOCH));
        assertThat(Admission.judge("vm-host03", LIVE_5, other).admitted()).isTrue();
    }
}

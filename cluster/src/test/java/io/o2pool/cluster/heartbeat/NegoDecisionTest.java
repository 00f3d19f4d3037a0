package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.heartbeat.NegoDecision.Action;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** o2hb_nego_timeout's decision as a pure function, case by case. */
class NegoDecisionTest {

    @Test
    void aNodeThatIsNotTheLowestLiveNodeReportsToTheLowest() {
        NegoDecision d = NegoDecision.decide(2, bits(0, 1, 2), bits(), false);
        assertThat(d.action()).isEqualTo(Action.REPORT_TO_MASTER);
        assertThat(d.master()).isZero();
        assertThat(d.targets().isEmpty()).isTrue();
        // the master is the lowest *live* node, not the lowest configured one
        assertThat(NegoDecision.decide(3, bits(1, 3), bits(), false).master()).isEqualTo(1);
    }

    @Test
    void theMasterWaitsUntilEveryLiveNodeReportedThenApprovesTheOthers() {
        assertThat(NegoDecision.decide(0, bits(0, 1, 2), bits(), false).action()).isEqualTo(Action.WAIT_FOR_ALL);
        assertThat(NegoDecision.decide(0, bits(0, 1, 2), bits(1), false).action()).isEqualTo(Action.WAIT_FOR_ALL);
        NegoDecision all = NegoDecision.decide(0, bits(0, 1, 2), bits(1, 2), false);
        assertThat(all.action()).isEqualTo(Action.APPROVE);
        assertThat(all.targets()).isEqualTo(bits(1, 2));
        // its own bit may already be set from an earlier look
        assertThat(NegoDecision.decide(0, bits(0, 1, 2), bits(0, 1, 2), false).action()).isEqualTo(Action.APPROVE);
    }

    @Test
    void theBitmapsMustBeEqualSoAReportFromANodeThatIsNoLongerLiveBlocksApproval() {
        // memcmp(hr_nego_node_bitmap, live_node_bitmap): a superset is not enough
        assertThat(NegoDecision.decide(0, bits(0, 1), bits(1, 2), false).action()).isEqualTo(Action.WAIT_FOR_ALL);
    }

    @Test
    void aLoneNodeIsItsOwnMasterAndApprovesItself() {
        NegoDecision alone = NegoDecision.decide(4, bits(4), bits(), false);
        assertThat(alone.action()).isEqualTo(Action.APPROVE);
        assertThat(alone.targets().isEmpty()).isTrue();
    }

    @Test
    void nothingIsNegotiatedAfterAFailedIteration() {
        assertThat(NegoDecision.decide(0, bits(0, 1), bits(1), true).action())
                .isEqualTo(Action.SKIP_LAST_HEARTBEAT_FAILED);
        assertThat(NegoDecision.decide(1, bits(0, 1), bits(), true).action())
                .isEqualTo(Action.SKIP_LAST_HEARTBEAT_FAILED);
    }

    @Test
    void withNoLiveNodeTheMasterIsNodeMax() {
        assertThat(NegoDecision.decide(0, bits(), bits(), false).master()).isEqualTo(HeartbeatTiming.MAX_NODES);
    }

    private static BitSet bits(int... nodes) {
        BitSet b = new BitSet();
        for (int n : nodes) {
            b.set(n);
        }
        return b;
    }
}

package io.o2pool.cluster.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** o2quo_make_decision as a pure function. */
class QuorumDecisionTest {

    @Test
    void oddCountsNeedAMajority() {
        assertThat(QuorumDecision.decide(2, bits(0, 1, 2), bits(2)).rule()).isEqualTo(FenceRule.QUORUM_MINORITY);
        assertThat(QuorumDecision.decide(0, bits(0, 1, 2), bits(0, 1)).fence()).isFalse();
        assertThat(QuorumDecision.decide(4, bits(0, 1, 2, 3, 4), bits(3, 4)).fence()).isTrue();
        assertThat(QuorumDecision.decide(4, bits(0, 1, 2, 3, 4), bits(2, 3, 4)).fence()).isFalse();
    }

    @Test
    void evenCountsKeepTheHalfWithTheLowestNode() {
        QuorumVerdict upper = QuorumDecision.decide(3, bits(0, 1, 2, 3), bits(2, 3));
        assertThat(upper.rule()).isEqualTo(FenceRule.QUORUM_HALF_WITHOUT_LOWEST);
        assertThat(upper.message()).isEqualTo("fencing this node because it is connected to a half-quorum of 2 out of 4 "
                + "nodes which doesn't include the lowest active node 0");
        assertThat(QuorumDecision.decide(1, bits(0, 1, 2, 3), bits(0, 1)).fence()).isFalse();
        assertThat(QuorumDecision.decide(1, bits(0, 1, 2, 3), bits(1)).rule()).isEqualTo(FenceRule.QUORUM_MINORITY);
        // two nodes that lose each other: the lower survives, the higher fences
        assertThat(QuorumDecision.decide(0, bits(0, 1), bits(0)).fence()).isFalse();
        assertThat(QuorumDecision.decide(1, bits(0, 1), bits(1)).fence()).isTrue();
    }

    @Test
    void noDecisionAloneOrWhenNotHeartbeating() {
        assertThat(QuorumDecision.decide(0, bits(0), bits()).fence()).isFalse();
        assertThat(QuorumDecision.decide(5, bits(0, 1, 2), bits()).fence()).isFalse();
        assertThat(QuorumDecision.decide(0, bits(0, 1, 2), bits(0, 1)).message())
                .isEqualTo("not fencing this node, heartbeating: 3, connected: 2, lowest: 0 (reachable)");
    }

    private static BitSet bits(int... nodes) {
        BitSet b = new BitSet();
        for (int n : nodes) {
            b.set(n);
        }
        return b;
    }
}

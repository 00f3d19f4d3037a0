package io.o2pool.agent.api;

import static io.o2pool.agent.api.PeerLiveness.DEAD;
import static io.o2pool.agent.api.PeerLiveness.LIVE;
import static io.o2pool.agent.api.PeerLiveness.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.LeaseVerdict.Rule;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The lease rule as a table: who may start a VM given the lease record and the requester's view of the holders. */
class LeaseRuleTest {
    private static final Instant T0 = Instant.parse("2026-12-04T18:00:00Z");
    private static final VmLease HELD_BY_NODE2 = VmLease.held("web1", "node2", 2, T0);
    private static final VmLease NODE2_TO_NODE3 = HELD_BY_NODE2.handingOverTo("node3", 3, T0);

    static Stream<Arguments> starts() {
        return Stream.of(
                // lease, requester, owner, handover target -> granted, rule
                Arguments.of(null, "node1", UNKNOWN, UNKNOWN, true, Rule.FREE),
                Arguments.of(HELD_BY_NODE2, "node2", UNKNOWN, UNKNOWN, true, Rule.HELD_BY_REQUESTER),
                Arguments.of(HELD_BY_NODE2, "node1", DEAD, UNKNOWN, true, Rule.HOLDER_DEAD),
                Arguments.of(HELD_BY_NODE2, "node1", LIVE, UNKNOWN, false, Rule.HOLDER_LIVE),
                Arguments.of(HELD_BY_NODE2, "node1", UNKNOWN, UNKNOWN, false, Rule.HOLDER_UNKNOWN),
                // during a handover either end may be running it
                Arguments.of(NODE2_TO_NODE3, "node1", DEAD, LIVE, false, Rule.HANDOVER_IN_PROGRESS),
                Arguments.of(NODE2_TO_NODE3, "node1", LIVE, DEAD, false, Rule.HANDOVER_IN_PROGRESS),
                Arguments.of(NODE2_TO_NODE3, "node1", DEAD, UNKNOWN, false, Rule.HANDOVER_IN_PROGRESS),
                Arguments.of(NODE2_TO_NODE3, "node1", DEAD, DEAD, true, Rule.HOLDER_DEAD),
                Arguments.of(NODE2_TO_NODE3, "node2", LIVE, LIVE, false, Rule.HANDOVER_IN_PROGRESS),
                Arguments.of(NODE2_TO_NODE3, "node2", LIVE, UNKNOWN, false, Rule.HANDOVER_IN_PROGRESS),
                Arguments.of(NODE2_TO_NODE3, "node2", LIVE, DEAD, true, Rule.HOLDER_DEAD),
                Arguments.of(NODE2_TO_NODE3, "node3", LIVE, LIVE, false, Rule.HANDOVER_IN_PROGRESS),
                Arguments.of(NODE2_TO_NODE3, "node3", DEAD, LIVE, true, Rule.HOLDER_DEAD));
    }

    @ParameterizedTest(name = "{0} asked by {1}, owner {2}, target {3} -> {4} {5}")
    @MethodSource("starts")
    void start(VmLease lease, String requester, PeerLiveness owner, PeerLiveness target, boolean granted, Rule rule) {
        LeaseVerdict verdict = LeaseRule.decide(lease, requester, owner, target);
        assertThat(verdict.granted()).isEqualTo(granted);
        assertThat(verdict.rule()).isEqualTo(rule);
    }

    @Test
    void aLiveHolderIsNamedWithWhatToDo() {
        assertThat(LeaseRule.decide(HELD_BY_NODE2, "node1", LIVE).message()).isEqualTo("VM web1 is held by node2 "
                + "(node 2), alive in the disk heartbeat; stop it there or wait for the cluster to evict node2");
        assertThat(LeaseRule.decide(HELD_BY_NODE2, "node1", UNKNOWN).message()).contains("VM web1 is held by node2 "
                + "(node 2)", "an unreachable agent or a lost connection is not death");
    }

    @Test
    void theThreeArgumentFormJudgesAHandoverWithTheTargetUnknown() {
        assertThat(LeaseRule.decide(NODE2_TO_NODE3, "node1", DEAD).granted()).isFalse();
        assertThat(LeaseRule.decide(NODE2_TO_NODE3, "node3", DEAD).granted()).isTrue();
    }

    @Test
    void onlyTheHolderHandsOverAndOnlyToALiveTarget() {
        assertThat(LeaseRule.handover(HELD_BY_NODE2, "node2", "node3", LIVE).rule()).isEqualTo(Rule.HANDOVER_STARTED);
        assertThat(LeaseRule.handover(NODE2_TO_NODE3, "node2", "node3", LIVE).granted()).isTrue();
        assertThat(LeaseRule.handover(NODE2_TO_NODE3, "node2", "node1", LIVE).rule())
                .isEqualTo(Rule.HANDOVER_IN_PROGRESS);
        assertThat(LeaseRule.handover(HELD_BY_NODE2, "node1", "node3", LIVE).message())
                .contains("held by node2 (node 2), not node1");
        assertThat(LeaseRule.handover(null, "node2", "node3", LIVE).granted()).isFalse();
        assertThat(LeaseRule.handover(HELD_BY_NODE2, "node2", "node2", LIVE).granted()).isFalse();
        for (PeerLiveness notLive : new PeerLiveness[] {DEAD, UNKNOWN}) {
            LeaseVerdict refused = LeaseRule.handover(HELD_BY_NODE2, "node2", "node3", notLive);
            assertThat(refused.rule()).isEqualTo(Rule.HANDOVER_REFUSED);
            assertThat(refused.message()).contains("cannot migrate VM web1 to node3");
        }
    }

    @Test
    void theTargetConfirmsAndTheSourceAborts() {
        assertThat(LeaseRule.confirm(NODE2_TO_NODE3, "node3").rule()).isEqualTo(Rule.CONFIRMED);
        assertThat(LeaseRule.confirm(VmLease.held("web1", "node3", 3, T0), "node3").granted()).isTrue();
        assertThat(LeaseRule.confirm(NODE2_TO_NODE3, "node1").granted()).isFalse();
        assertThat(LeaseRule.confirm(HELD_BY_NODE2, "node3").granted()).isFalse();
        assertThat(LeaseRule.confirm(null, "node3").granted()).isFalse();
        assertThat(LeaseRule.abort(NODE2_TO_NODE3, "node2").rule()).isEqualTo(Rule.ABORTED);
        assertThat(LeaseRule.abort(NODE2_TO_NODE3, "node3").granted()).isFalse();
        assertThat(LeaseRule.abort(null, "node2").granted()).isFalse();
    }

    /**
     * Random schedules of starts, handovers, confirms and deaths: a server that may be running the VM is never DEAD
     * in anyone's view until it really stopped (the guard's bound), so whenever the rule grants, at most one server
     * runs the VM.
     */
    @Test
    void neverTwoRunnersOverRandomSchedules() {
        String[] nodes = {"node0", "node1", "node2", "node3"};
        Random random = new Random(15);
        for (int run = 0; run < 2000; run++) {
            VmLease lease = null;
            boolean[] running = new boolean[nodes.length];
            boolean[] dead = new boolean[nodes.length];
            for (int step = 0; step < 40; step++) {
                int n = random.nextInt(nodes.length);
                String node = nodes[n];
                switch (random.nextInt(6)) {
                    case 0 -> { // start on n
                        if (dead[n]) {
                            break;
                        }
                        LeaseVerdict v = LeaseRule.decide(lease, node, liveness(lease == null ? null : lease.owner(),
                                nodes, dead, random), liveness(lease == null ? null : lease.handoverTo(), nodes, dead,
                                random));
                        if (v.granted()) {
                            lease = VmLease.held("web1", node, n, T0);
                            running[n] = true;
                        }
                    }
                    case 1 -> { // n dies: its guard destroyed its guests before anyone sees it DEAD
                        running[n] = false;
                        dead[n] = true;
                    }
                    case 2 -> { // the holder migrates to a random target
                        int t = random.nextInt(nodes.length);
                        if (lease != null && lease.owner().equals(node) && !dead[n] && running[n]
                                && LeaseRule.handover(lease, node, nodes[t], dead[t] ? DEAD : LIVE).granted()) {
                            lease = lease.handingOverTo(nodes[t], t, T0);
                            if (random.nextBoolean()) { // the migration lands
                                running[n] = false;
                                running[t] = !dead[t];
                            }
                        }
                    }
                    case 3 -> { // n confirms a handover if the VM arrived
                        if (!dead[n] && running[n] && LeaseRule.confirm(lease, node).granted()) {
                            lease = VmLease.held("web1", node, n, T0);
                        }
                    }
                    case 4 -> { // the source aborts a migration that failed (VM still on the source)
                        if (!dead[n] && running[n] && LeaseRule.abort(lease, node).granted()) {
                            lease = VmLease.held("web1", node, n, T0);
                        }
                    }
                    default -> { // the holder stops it and frees the lease
                        if (lease != null && lease.owner().equals(node) && lease.state() == LeaseState.HELD
                                && !dead[n]) {
                            running[n] = false;
                            lease = null;
                        }
                    }
                }
                int runners = 0;
                for (boolean r : running) {
                    runners += r ? 1 : 0;
                }
                assertThat(runners).as("run %d step %d lease %s", run, step, lease).isLessThanOrEqualTo(1);
            }
        }
    }

    /** A live node is seen LIVE or (lost connection, stack restarting) UNKNOWN; a dead one DEAD or UNKNOWN. */
    private static PeerLiveness liveness(String node, String[] nodes, boolean[] dead, Random random) {
        if (node == null) {
            return UNKNOWN;
        }
        int n = java.util.Arrays.asList(nodes).indexOf(node);
        if (random.nextInt(4) == 0) {
            return UNKNOWN;
        }
        return dead[n] ? DEAD : LIVE;
    }
}

package io.o2pool.manager.vms;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.LeaseRule;
import io.o2pool.agent.api.PeerLiveness;
import io.o2pool.agent.api.VmLease;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.agents.StackStatus;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.status.StatusDecider;
import io.o2pool.manager.status.StatusVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The VM ownership argument as a timeline over random schedules of host crashes, agent kills, blocked agent ports and
 * o2net partitions, in heartbeat ticks. Real decision code throughout: the manager's {@link StatusDecider} judges the
 * servers from their membership views, {@link HaDecision} and {@link HaPlanner} decide and place restarts, and each
 * agent takes a lease by the agent's own {@link LeaseRule} with its own disk-heartbeat view. The model supplies only
 * the physics: a node's heartbeat is seen dead by the others {@value #DEAD} ticks after its last write; a killed agent
 * stops the userspace heartbeat and its guard destroys the guests {@value #DEAD} − 1 ticks after the last write (the
 * kernel's self-fence bound); a crash or a fence kills the guests at once. Checked at every tick: no VM ever runs on two
 * servers; and whenever the manager confirms a death, each HA VM meant to run there is restarted on a survivor (unless
 * none is ACTIVE). A control run without the guard must break the first property, so the test can fail.
 */
class HaTimelineTest {
    static final int DEAD = 7;
    /** The executor's margin past the dead bound (15 s) in 2 s heartbeat ticks. */
    static final int MARGIN = 8;
    static final int TICKS = 120;
    static final int SCHEDULES = 300;

    @Test
    void neverTwoOwnersAndEveryHaVmOfAConfirmedDeathRestarts() {
        int restarts = 0;
        for (int seed = 1; seed <= SCHEDULES; seed++) {
            World w = new World(new Random(seed), true);
            w.run();
            assertThat(w.doubleRuns).as("seed %d: %s", seed, w.log).isEmpty();
            assertThat(w.notRestarted).as("seed %d: HA VMs of a confirmed death left down: %s", seed, w.log).isEmpty();
            w.heal();
            assertThat(w.doubleRuns).as("seed %d: %s", seed, w.log).isEmpty();
            assertThat(w.vms.values()).as("seed %d", seed).noneMatch(v -> v.state() == VmState.RESTARTING);
            restarts += w.haRestarts;
        }
        assertThat(restarts).as("the schedules exercise HA restarts").isGreaterThan(SCHEDULES / 2);
    }

    @Test
    void withoutTheGuardAKilledAgentsGuestsRunTwice() {
        int broken = 0;
        for (int seed = 1; seed <= SCHEDULES; seed++) {
            World w = new World(new Random(seed), false);
            w.run();
            if (!w.doubleRuns.isEmpty()) {
                broken++;
            }
        }
        assertThat(broken).as("the control shows the guard is what keeps a killed agent's guests single").isPositive();
    }

    /** The simulated pool: nodes, their guests and the repository's leases, and the manager's records. */
    static final class World {
        final Random random;
        final boolean guard;
        final int n;
        final Node[] nodes;
        final Map<String, String> leases = new HashMap<>();
        final Map<Long, ServerStatus> status = new HashMap<>();
        final Map<String, Vm> vms = new LinkedHashMap<>();
        final List<String> doubleRuns = new ArrayList<>();
        final List<String> noSurvivor = new ArrayList<>();
        final List<String> notRestarted = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final Pool pool = new Pool(1, "pool1", "ocfs2", 7777, O2cbTimeouts.defaults(), 32, RepositoryType.OCFS2,
                "/dev/sdc1", null, HeartbeatMode.LOCAL, true, 1, Instant.EPOCH);
        int tick;
        int haRestarts;

        World(Random random, boolean guard) {
            this.random = random;
            this.guard = guard;
            this.n = 3 + random.nextInt(3);
            this.nodes = new Node[n];
            for (int i = 0; i < n; i++) {
                nodes[i] = new Node(i);
                status.put((long) i + 1, ServerStatus.ACTIVE);
            }
            int count = 2 + random.nextInt(5);
            for (int v = 0; v < count; v++) {
                String name = "vm" + v;
                int on = random.nextInt(n);
                vms.put(name, vm(name, random.nextInt(3) > 0, on + 1L, VmState.RUNNING));
                nodes[on].guests.add(name);
                leases.put(name, nodes[on].name());
            }
        }

        void run() {
            for (tick = 1; tick <= TICKS; tick++) {
                if (random.nextInt(6) == 0) {
                    fault();
                }
                step();
            }
        }

        /** Every fault heals; the pool runs until the manager's view settles. */
        void heal() {
            for (Node node : nodes) {
                node.reachable = true;
                if (!node.hostUp || !node.agentUp || node.fenced) {
                    node.restart(tick);
                }
            }
            for (int i = 0; i < 3 * DEAD + MARGIN; i++, tick++) {
                step();
            }
        }

        private void fault() {
            Node node = nodes[random.nextInt(n)];
            switch (random.nextInt(6)) {
                case 0 -> { // the host crashes: stack, agent, guard and guests at once
                    node.hostUp = false;
                    node.agentUp = false;
                    node.heartbeating = false;
                    node.guests.clear();
                    log.add(tick + ": crash " + node.name());
                }
                case 1 -> { // only the agent dies (kill -9): the userspace heartbeat stops; the guests run on
                    if (node.agentUp) {
                        node.agentUp = false;
                        node.heartbeating = false;
                        log.add(tick + ": agent killed on " + node.name());
                    }
                }
                case 2 -> { // the agent port is blocked: the manager cannot reach it, the heartbeat continues
                    node.reachable = false;
                    log.add(tick + ": agent port blocked on " + node.name());
                }
                case 3 -> node.reachable = true;
                case 4 -> { // o2net partition: the side quorum rejects fences itself (reset: guests die)
                    List<Node> up = new ArrayList<>();
                    for (Node x : nodes) {
                        if (x.heartbeating) {
                            up.add(x);
                        }
                    }
                    if (up.size() >= 2) {
                        Node loser = up.get(up.size() - 1); // o2quo keeps the side with the lowest node
                        loser.fence();
                        log.add(tick + ": partition; " + loser.name() + " fenced");
                    }
                }
                default -> { // something comes back
                    if (!node.hostUp || !node.agentUp || node.fenced) {
                        node.restart(tick);
                        log.add(tick + ": " + node.name() + " back");
                    }
                }
            }
        }

        private void step() {
            for (Node node : nodes) {
                if (node.heartbeating) {
                    node.lastWrite = tick;
                }
                if (guard && node.hostUp && !node.heartbeating && !node.guests.isEmpty()
                        && tick - node.lastWrite >= DEAD - 1) {
                    log.add(tick + ": guard on " + node.name() + " destroys " + node.guests);
                    node.guests.clear(); // its own heartbeat has not advanced for the write timeout
                }
            }
            judge();
            observe();
            for (Server s : servers()) {
                HaDecision decision = HaDecision.on(s, placedOn(s));
                decision.changes().forEach(c -> vms.put(c.vm().name(), with(c.vm(), c.vm().serverId(), c.state())));
                if (decision.restart()) {
                    restart(s);
                }
            }
            runPending();
            if (random.nextInt(4) == 0) {
                operatorStartsADownVm();
            }
            checkSingleOwner();
        }

        /** The status monitor's round, by the real decider. */
        private void judge() {
            List<Server> members = servers();
            List<FanOut.Outcome<Membership>> views = new ArrayList<>();
            for (Node node : nodes) {
                views.add(node.reachable && node.agentUp
                        ? new FanOut.Outcome<>(node.name(), node.membership(), null)
                        : new FanOut.Outcome<>(node.name(), null, new AgentException(node.name(), "refused", true)));
            }
            Map<Long, StatusVerdict> verdicts = StatusDecider.decide(members, views, Map.of(), Instant.EPOCH);
            verdicts.forEach((id, v) -> status.put(id, v.status()));
        }

        /** The VM watch: a reachable live server's hypervisor tells the truth about the VMs placed on it. */
        private void observe() {
            for (Server s : servers()) {
                Node node = nodes[(int) s.id() - 1];
                if (s.status() != ServerStatus.ACTIVE || !node.reachable || !node.agentUp) {
                    continue;
                }
                for (Vm vm : List.copyOf(vms.values())) {
                    if (vm.state() == VmState.RESTARTING) {
                        continue;
                    }
                    if (node.guests.contains(vm.name())) {
                        vms.put(vm.name(), with(vm, s.id(), VmState.RUNNING));
                    } else if (vm.serverId() != null && vm.serverId() == s.id() && vm.state().mayRun()) {
                        vms.put(vm.name(), with(vm, s.id(), VmState.STOPPED));
                    }
                }
            }
        }

        /** A queued HA restart: the planned starts still waiting for their lease, until the deadline tick. */
        record PendingStart(Effect.StartVm start, int deadline) {
        }

        final List<PendingStart> pending = new ArrayList<>();

        /** The HA job: planned by the real planner; its starts wait for the lease as the executor does. */
        private void restart(Server dead) {
            ChangePlan plan = HaPlanner.plan(new PoolState(pool, servers(), 2), dead, List.copyOf(vms.values()));
            for (var f : plan.errors()) {
                for (Vm vm : placedOn(dead)) {
                    if (vm.state() == VmState.RESTARTING) {
                        vms.put(vm.name(), with(vm, vm.serverId(), VmState.DOWN));
                        if (f.code().equals("vm.no-server")) {
                            noSurvivor.add(vm.name());
                        }
                    }
                }
            }
            for (var step : plan.steps()) {
                for (Effect e : step.effects()) {
                    pending.add(new PendingStart((Effect.StartVm) e, tick + DEAD + MARGIN));
                }
            }
            runPending();
        }

        /** Each waiting start tries again; a lease refusal waits until the deadline, anything else fails at once. */
        private void runPending() {
            for (PendingStart p : List.copyOf(pending)) {
                Node to = node(p.start().server());
                Vm vm = vms.get(p.start().vm());
                if (to.start(vm.name())) {
                    pending.remove(p);
                    vms.put(vm.name(), with(vm, to.index + 1L, VmState.RUNNING));
                    haRestarts++;
                    noSurvivor.remove(vm.name());
                    log.add(tick + ": HA restarted " + vm.name() + " on " + to.name());
                } else if (!to.agentUp || !to.hostUp || tick >= p.deadline()) {
                    pending.remove(p);
                    vms.put(vm.name(), with(vm, vm.serverId(), VmState.DOWN));
                    if (to.agentUp && to.hostUp && to.heartbeating) { // else the chosen survivor died meanwhile
                        notRestarted.add(tick + ": " + vm.name() + " refused on " + to.name() + " until the deadline"
                                + " (lease " + leases.get(vm.name()) + ")");
                    }
                }
            }
        }

        /** An operator starts a VM that is down, on a server they pick: the planner and the lease decide. */
        private void operatorStartsADownVm() {
            List<Vm> down = vms.values().stream().filter(v -> !v.state().mayRun() && v.state() != VmState.RESTARTING)
                    .toList();
            if (down.isEmpty()) {
                return;
            }
            Vm vm = down.get(random.nextInt(down.size()));
            Node target = nodes[random.nextInt(n)];
            ChangePlan plan = VmPlanner.start(new PoolState(pool, servers(), 2), vm, List.copyOf(vms.values()),
                    target.name());
            if (plan.refused()) {
                return;
            }
            if (target.start(vm.name())) {
                vms.put(vm.name(), with(vm, target.index + 1L, VmState.RUNNING));
                noSurvivor.remove(vm.name());
                log.add(tick + ": operator started " + vm.name() + " on " + target.name());
            }
        }

        private void checkSingleOwner() {
            for (String vm : vms.keySet()) {
                List<String> on = runningOn(vm);
                if (on.size() > 1) {
                    doubleRuns.add(tick + ": " + vm + " runs on " + on);
                }
            }
        }

        private List<String> runningOn(String vm) {
            List<String> on = new ArrayList<>();
            for (Node node : nodes) {
                if (node.guests.contains(vm)) {
                    on.add(node.name());
                }
            }
            return on;
        }

        private List<Server> servers() {
            List<Server> out = new ArrayList<>();
            for (Node node : nodes) {
                long id = node.index + 1L;
                out.add(new Server(id, 1, "127.0.1." + id, node.name(), ServerType.VM_SERVER, null, null,
                        "127.0.1." + id, node.index, node.name(), status.get(id), null, null, 8899, null, null, 1,
                        Instant.EPOCH, Instant.EPOCH));
            }
            return out;
        }

        private List<Vm> placedOn(Server s) {
            return vms.values().stream().filter(v -> v.serverId() != null && v.serverId() == s.id()).toList();
        }

        private Node node(String name) {
            for (Node node : nodes) {
                if (node.name().equals(name)) {
                    return node;
                }
            }
            throw new IllegalArgumentException(name);
        }

        private static Vm vm(String name, boolean ha, Long serverId, VmState state) {
            return new Vm(0, 1, name, name, 1, 96, "", ha, null, serverId, VmState.RUNNING, state, null,
                    Instant.EPOCH, Instant.EPOCH);
        }

        private static Vm with(Vm v, Long serverId, VmState state) {
            return new Vm(v.id(), v.poolId(), v.name(), v.uuid(), v.vcpus(), v.memoryMib(), v.image(), v.ha(),
                    v.preferredServer(), serverId, v.desired(), state, null, v.createdAt(), v.updatedAt());
        }

        /** One server: host, agent, userspace stack, guard and hypervisor. */
        final class Node {
            final int index;
            boolean hostUp = true;
            boolean agentUp = true;
            boolean reachable = true;
            boolean heartbeating = true;
            boolean fenced;
            int lastWrite;
            final Set<String> guests = new HashSet<>();

            Node(int index) {
                this.index = index;
            }

            String name() {
                return "node" + index;
            }

            void fence() {
                heartbeating = false;
                fenced = true;
                guests.clear();
            }

            /** Back: the stack heartbeats again, and the agent releases the leases it holds for VMs not running here. */
            void restart(int now) {
                hostUp = true;
                agentUp = true;
                fenced = false;
                heartbeating = true;
                lastWrite = now;
                leases.entrySet().removeIf(e -> e.getValue().equals(name()) && !guests.contains(e.getKey()));
            }

            /** This node's disk-heartbeat view of {@code other}. */
            PeerLiveness liveness(Node other) {
                if (!heartbeating) {
                    return PeerLiveness.UNKNOWN;
                }
                return other == this || tick - other.lastWrite < DEAD ? PeerLiveness.LIVE : PeerLiveness.DEAD;
            }

            Membership membership() {
                if (fenced) {
                    return new Membership(1, StackStatus.FENCED, all(), Set.of());
                }
                if (!heartbeating) {
                    return new Membership(1, StackStatus.OFFLINE, Set.of(), Set.of());
                }
                Set<Integer> live = new HashSet<>();
                for (Node other : nodes) {
                    if (liveness(other) == PeerLiveness.LIVE) {
                        live.add(other.index);
                    }
                }
                return new Membership(1, StackStatus.HEARTBEATING, all(), live, live);
            }

            private Set<Integer> all() {
                Set<Integer> all = new HashSet<>();
                for (Node x : nodes) {
                    all.add(x.index);
                }
                return all;
            }

            /** The agent starts a VM: only while it answers, and only with the lease. */
            boolean start(String vm) {
                if (!agentUp || !hostUp) {
                    return false;
                }
                String holder = leases.get(vm);
                VmLease current = holder == null ? null : VmLease.held(vm, holder, 0, Instant.EPOCH);
                var verdict = LeaseRule.decide(current, name(), holder == null ? PeerLiveness.UNKNOWN
                        : liveness(node(holder)));
                if (!verdict.granted()) {
                    return false;
                }
                leases.put(vm, name());
                guests.add(vm);
                return true;
            }
        }
    }
}

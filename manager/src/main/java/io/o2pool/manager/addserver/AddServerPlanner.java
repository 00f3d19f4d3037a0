package io.o2pool.manager.addserver;

import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.VolumeMode;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.FilesDiff;
import io.o2pool.manager.change.PlannedStep;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.NodeNumbers;
import io.o2pool.manager.planner.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans Add Server (one server or a batch) from the pool, the newcomers and what the preflight found: a pure function.
 * Newcomers take the lowest free node numbers in order; every member and newcomer stages and commits one new
 * generation; newcomers (and members whose stack or repository is down) start their stacks and attach the repository;
 * the first server of a pool converts a local-mode OCFS2 volume to cluster mode; then every node must see every node
 * live within {@code liveBound}.
 */
final class AddServerPlanner {
    private AddServerPlanner() {
    }

    private static List<String> names(List<Server> servers) {
        return servers.stream().map(Server::name).toList();
    }

    /**
     * The node slots the volume must be raised to (0: none): each node that mounts an OCFS2 volume needs a slot, so a
     * pool whose volume has fewer slots than nodes after the add is refused with the fix ({@code repository.slots}),
     * or, with {@code growSlots}, planned to grow — refused while a member runs VMs, since growing unmounts the volume
     * on every member.
     */
    private static int slotsNeeded(PoolState state, List<Server> newcomers, AddServerPreflight.Result preflight,
            boolean growSlots, List<Finding> findings) {
        var pool = state.pool();
        Integer slots = preflight.volumeSlots();
        int nodes = state.members().size() + newcomers.size();
        if (state.members().isEmpty() || pool.repositoryType() != RepositoryType.OCFS2 || slots == null
                || slots >= nodes || newcomers.isEmpty()) {
            return 0;
        }
        String first = newcomers.getFirst().name();
        if (!growSlots) {
            findings.add(Finding.error("repository.slots", first, "volume " + pool.repositoryPath() + " has " + slots
                    + " node slots but pool " + pool.name() + " would have " + nodes + " nodes (each node that"
                    + " mounts it needs a slot)", "add with --grow-slots (grow_slots: true): the volume is unmounted"
                    + " on every member, tunefs.ocfs2 -N " + nodes + " runs, and it is mounted again (stop the"
                    + " members' VMs first); or run tunefs.ocfs2 -N " + nodes + " " + pool.repositoryPath()
                    + " with it unmounted on every node"));
            return 0;
        }
        for (Server m : state.participants()) {
            AgentFacts f = preflight.memberFacts().get(m.name());
            if (f != null && !f.runningVms().isEmpty()) {
                findings.add(Finding.error("vms.running", m.name(), "server " + m.name() + " runs VMs "
                        + f.runningVms() + "; growing the node slots unmounts " + pool.repositoryPath()
                        + " on every member", "stop or migrate them, then retry"));
            }
        }
        return nodes;
    }

    static ChangePlan plan(JobKind kind, PoolState state, List<Server> newcomers,
            AddServerPreflight.Result preflight, List<Finding> validation, Duration liveBound) {
        return plan(kind, state, newcomers, preflight, validation, liveBound, false);
    }

    /**
     * As above; with {@code growSlots} a volume with fewer node slots than the pool will have nodes gets a planned
     * GROW_SLOTS step instead of the {@code repository.slots} finding.
     */
    static ChangePlan plan(JobKind kind, PoolState state, List<Server> newcomers,
            AddServerPreflight.Result preflight, List<Finding> validation, Duration liveBound, boolean growSlots) {
        var pool = state.pool();
        List<Finding> findings = new ArrayList<>(validation);
        findings.addAll(preflight.findings());
        boolean creating = state.members().isEmpty();
        int growTo = slotsNeeded(state, newcomers, preflight, growSlots, findings);
        if (findings.stream().anyMatch(Finding::isError)) {
            return new ChangePlan(kind, pool.name(), findings, 0, null, state.currentFiles(),
                    pool.generation(), pool.timeouts(), pool.timeouts(), state.repository(), List.of(), List.of());
        }
        long g = state.nextGeneration();
        Set<Integer> used = new HashSet<>(state.spec().numbers());
        ClusterSpec desired = state.spec();
        List<Effect> allocate = new ArrayList<>(List.of(new Effect.ReserveGeneration(g)));
        for (Server n : newcomers) {
            int number = NodeNumbers.lowestFree(used, pool.maxNodes()).orElseThrow(() ->
                    new IllegalStateException("pool " + pool.name() + " has no free node number"));
            used.add(number);
            var id = preflight.identities().get(n.id());
            desired = desired.with(new NodeSpec(n.name(), number, id.nodeName(), id.ipAddress()));
            allocate.add(new Effect.AssignNode(n.name(), number, id.nodeName(), id.ipAddress()));
        }
        newcomers.stream().filter(n -> n.agentPassword() != null) // not enrolled yet: the password is used once
                .forEach(n -> allocate.add(new Effect.Enrol(n.name())));
        ConfigBundle previous = state.currentFiles();
        ConfigBundle files = state.files(desired, pool.timeouts(), g);
        List<String> everyone = new ArrayList<>(state.participantNames());
        newcomers.forEach(n -> everyone.add(n.name()));

        List<Effect> stage = new ArrayList<>();
        List<Effect> commit = new ArrayList<>();
        List<Effect> start = new ArrayList<>();
        List<Effect> attach = new ArrayList<>();
        for (Server m : state.participants()) {
            stage.add(new Effect.Stage(m.name(), FilesDiff.of(m.name(), previous, files)));
            commit.add(new Effect.Commit(m.name(), true));
            AgentFacts f = preflight.memberFacts().get(m.name());
            if (f != null && !f.stackRunning()) {
                start.add(new Effect.StartStack(m.name()));
            }
            if (f != null && f.repositoryUuid() == null) {
                attach.add(new Effect.AttachRepository(m.name()));
            }
        }
        for (Server n : newcomers) {
            stage.add(new Effect.Stage(n.name(), FilesDiff.of(n.name(), null, files)));
            commit.add(new Effect.Commit(n.name(), false));
            start.add(new Effect.StartStack(n.name()));
            attach.add(new Effect.AttachRepository(n.name()));
        }
        commit.add(new Effect.RecordGeneration(everyone));

        List<PlannedStep> steps = new ArrayList<>();
        steps.add(new PlannedStep(AddServerStep.ALLOCATE, "reserve generation " + g + " and node numbers for "
                + names(newcomers), allocate));
        if (growTo > 0) {
            List<Effect> grow = new ArrayList<>();
            state.participants().forEach(m -> grow.add(new Effect.DetachRepository(m.name())));
            grow.add(new Effect.GrowSlots(state.participants().getFirst().name(), growTo));
            state.participants().forEach(m -> grow.add(new Effect.AttachRepository(m.name())));
            steps.add(new PlannedStep(AddServerStep.GROW_SLOTS, "unmount " + pool.repositoryPath() + " on every"
                    + " member, raise its node slots from " + preflight.volumeSlots() + " to " + growTo
                    + " (tunefs.ocfs2 -N on " + state.participants().getFirst().name() + "), mount it again", grow));
        }
        steps.add(new PlannedStep(AddServerStep.STAGE, "stage generation " + g + " on " + everyone, stage));
        steps.add(new PlannedStep(AddServerStep.COMMIT, "commit generation " + g + " on " + everyone, commit));
        steps.add(new PlannedStep(AddServerStep.START_STACK, "start the cluster stack on "
                + start.stream().map(Effect::target).toList(), start));
        List<String> notes = new ArrayList<>(state.skippedNotes());
        Server first = newcomers.getFirst();
        VolumeMode mode = preflight.repositoryModes().get(first.id());
        if (creating && pool.repositoryType() == RepositoryType.OCFS2 && mode == VolumeMode.LOCAL) {
            // tunefs.ocfs2 -M cluster needs the volume unmounted and o2cb online (started in the step before)
            steps.add(new PlannedStep(AddServerStep.PREPARE_REPOSITORY, "switch " + pool.repositoryPath()
                    + " to cluster mode with " + pool.maxNodes() + " slots on " + first.name(),
                    new Effect.DetachRepository(first.name()),
                    new Effect.ConvertRepository(first.name(), pool.maxNodes())));
        } else if (creating && pool.repositoryType() == RepositoryType.OCFS2) {
            notes.add("the repository on " + first.name() + " is " + (mode == null ? "of unknown mode" : "in " + mode.text()
                    + " mode") + ": no conversion planned");
        }
        steps.add(new PlannedStep(AddServerStep.ATTACH_REPOSITORY, "attach and verify " + pool.repositoryPath()
                + " on " + attach.stream().map(Effect::target).toList(), attach));
        Set<Integer> waitFor = new java.util.TreeSet<>(desired.numbers());
        state.absent().forEach(a -> waitFor.remove(a.nodeNumber()));
        steps.add(new PlannedStep(AddServerStep.WAIT_LIVE, "wait up to " + liveBound.toSeconds() + " s until every"
                + " node sees nodes " + waitFor + " live", new Effect.WaitLive(everyone, new ArrayList<>(waitFor),
                liveBound.toMillis())));
        return new ChangePlan(kind, pool.name(), findings, g, files, previous, pool.generation(),
                pool.timeouts(), pool.timeouts(), state.repository(), steps, notes);
    }

}

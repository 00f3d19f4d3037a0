package io.o2pool.manager.maintenance;

import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.LiveConfig;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.FilesDiff;
import io.o2pool.manager.change.PlannedStep;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.vms.VmPlanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** Plans entering and leaving maintenance from the pool, the server and its agent's facts: pure functions. */
final class MaintenancePlanner {
    private MaintenancePlanner() {
    }

    /**
     * Enter: refused unless the server is ACTIVE and answers; the VMs o2pool runs there are live-migrated to the least
     * loaded other live servers first (a drain; refused when one cannot move), VMs running there outside o2pool refuse
     * it; then detach and stop its stack.
     */
    static ChangePlan enter(PoolState state, Server server, FanOut.Outcome<AgentFacts> facts, List<Vm> vms) {
        var pool = state.pool();
        List<Finding> findings = new ArrayList<>();
        if (server.status() != ServerStatus.ACTIVE) {
            findings.add(Finding.error("server.status", server.name(), "server " + server.name() + " is "
                    + server.status() + "; only an ACTIVE server enters maintenance",
                    server.status() == ServerStatus.MAINTENANCE ? "it is in maintenance already"
                            : "wait until it is ACTIVE, or remove it"));
        }
        if (!facts.ok()) {
            findings.add(Finding.error("server.unreachable", server.name(), "the agent of " + server.name()
                    + " does not answer (" + facts.message() + ")", "bring its agent back, then retry"));
        } else {
            java.util.Set<String> managed = new java.util.HashSet<>();
            vms.forEach(v -> managed.add(v.name()));
            List<String> foreign = facts.value().runningVms().stream().filter(n -> !managed.contains(n)).toList();
            if (!foreign.isEmpty()) {
                findings.add(Finding.error("vms.running", server.name(), "server " + server.name() + " runs VMs "
                        + foreign + " that o2pool does not manage", "stop or migrate them first: the repository is"
                        + " unmounted"));
            }
        }
        VmPlanner.Drain drain = VmPlanner.drain(state, server, vms);
        findings.addAll(drain.findings());
        List<PlannedStep> steps = new ArrayList<>();
        drain.describe(server).ifPresent(d -> steps.add(new PlannedStep(MaintenanceEnterStep.DRAIN_VMS, d,
                drain.migrations())));
        steps.addAll(findings.isEmpty() ? List.of(
                new PlannedStep(MaintenanceEnterStep.DETACH_REPOSITORY, "unmount " + pool.repositoryPath() + " on "
                        + server.name(), new Effect.DetachRepository(server.name())),
                new PlannedStep(MaintenanceEnterStep.STOP_STACK, "stop the cluster stack on " + server.name()
                        + "; the other members see node " + server.nodeNumber() + " leave",
                        new Effect.StopStack(server.name()))) : List.of());
        return new ChangePlan(JobKind.MAINTENANCE_ENTER, pool.name(), findings, pool.generation(), null,
                state.currentFiles(), pool.generation(), pool.timeouts(), pool.timeouts(), state.repository(), steps,
                List.of("while in maintenance its node stays in every member's cluster.conf; changes skip it and it is"
                        + " re-synced when it comes back"));
    }

    /**
     * Exit (or return after death): refused unless its agent answers; its stack is stopped if it runs, the pool's
     * current files are committed on it when it runs other ones (missed generations, hand edits), then its stack
     * starts, the repository is attached and every node must see every node live within {@code liveBound}.
     */
    static ChangePlan exit(PoolState state, Server server, FanOut.Outcome<AgentFacts> facts, LiveConfig live,
            Duration liveBound) {
        var pool = state.pool();
        List<Finding> findings = new ArrayList<>();
        if (!facts.ok()) {
            findings.add(Finding.error("server.unreachable", server.name(), "the agent of " + server.name()
                    + " does not answer (" + facts.message() + ")", "bring its agent back, then retry"));
        }
        ConfigBundle files = state.currentFiles();
        if (!findings.isEmpty() || files == null) {
            return new ChangePlan(JobKind.MAINTENANCE_EXIT, pool.name(), findings, pool.generation(), null, files,
                    pool.generation(), pool.timeouts(), pool.timeouts(), state.repository(), List.of(), List.of());
        }
        AgentFacts f = facts.value();
        boolean stale = f.liveGeneration() != pool.generation() || !Objects.equals(f.liveChecksum(), files.checksum());
        if (stale && f.liveGeneration() >= pool.generation()) {
            // agents take only a generation above their own: a member that differs at (or above) the pool's
            // generation needs a Re-sync of the whole pool (a new generation everywhere)
            findings.add(Finding.error("member.drift", server.name(), server.name() + " runs generation "
                    + f.liveGeneration() + " (checksum " + f.liveChecksum() + ") but the pool is at generation "
                    + pool.generation() + " (checksum " + files.checksum() + ")", "re-sync pool " + pool.name()
                    + " (POST /api/pools/" + pool.id() + "/resync), then retry"));
            return new ChangePlan(JobKind.MAINTENANCE_EXIT, pool.name(), findings, pool.generation(), null, files,
                    pool.generation(), pool.timeouts(), pool.timeouts(), state.repository(), List.of(), List.of());
        }
        List<PlannedStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (f.stackRunning()) {
            steps.add(new PlannedStep(MaintenanceExitStep.STOP_STACK, "stop the stack " + server.name() + " runs on"
                    + " generation " + f.liveGeneration(), new Effect.StopStack(server.name())));
        }
        if (stale) {
            notes.add(server.name() + " runs generation " + f.liveGeneration() + "; the pool is at "
                    + pool.generation() + ": its files are replaced before its stack starts");
            steps.add(new PlannedStep(MaintenanceExitStep.STAGE, "stage the pool's generation " + pool.generation()
                    + " on " + server.name(), new Effect.Stage(server.name(), FilesDiff.of(server.name(),
                    live == null ? "" : live.clusterConf(), live == null ? "" : live.o2cbDefaults(),
                    "generation " + f.liveGeneration(), files))));
            steps.add(new PlannedStep(MaintenanceExitStep.COMMIT, "commit generation " + pool.generation() + " on "
                    + server.name(), new Effect.Commit(server.name(), false),
                    new Effect.RecordGeneration(List.of(server.name()))));
        }
        List<String> everyone = new ArrayList<>(state.participantNames());
        if (!everyone.contains(server.name())) { // a server planned while it still counts as a participant
            everyone.add(server.name());
        }
        TreeSet<Integer> nodes = new TreeSet<>();
        state.participants().forEach(s -> nodes.add(s.nodeNumber()));
        nodes.add(server.nodeNumber());
        steps.add(new PlannedStep(MaintenanceExitStep.START_STACK, "start the cluster stack on " + server.name(),
                new Effect.StartStack(server.name())));
        steps.add(new PlannedStep(MaintenanceExitStep.ATTACH_REPOSITORY, "attach and verify " + pool.repositoryPath()
                + " on " + server.name(), new Effect.AttachRepository(server.name())));
        steps.add(new PlannedStep(MaintenanceExitStep.WAIT_LIVE, "wait up to " + liveBound.toSeconds() + " s until"
                + " every node sees nodes " + nodes + " live", new Effect.WaitLive(everyone, new ArrayList<>(nodes),
                liveBound.toMillis())));
        return new ChangePlan(JobKind.MAINTENANCE_EXIT, pool.name(), findings, pool.generation(), files, files,
                pool.generation(), pool.timeouts(), pool.timeouts(), state.repository(), steps, notes);
    }
}

package io.o2pool.manager.removeserver;

import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.Membership;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a graceful Remove Server from the pool, the leaving server's facts and the remaining members' facts: a pure
 * function. Refused while the server runs VMs, or it or any remaining member does not answer.
 */
final class RemoveServerPlanner {
    private RemoveServerPlanner() {
    }

    /**
     * Plans a forced removal of a dead server: refused unless it is DEAD or FENCED and no remaining member's disk
     * heartbeat sees it live ({@code views} in the order of the remaining participants); the remaining members drop
     * it without contacting it.
     */
    static ChangePlan forced(PoolState state, Server removed, List<FanOut.Outcome<Membership>> views,
            List<FanOut.Outcome<AgentFacts>> remainingFacts) {
        List<Finding> findings = new ArrayList<>();
        if (!removed.status().isDead()) {
            findings.add(Finding.error("server.not-dead", removed.name(), "server " + removed.name() + " is "
                    + removed.status() + ": only a server the disk heartbeat declared dead (DEAD or FENCED) is removed"
                    + " by force", removed.status() == ServerStatus.UNREACHABLE
                    ? "its heartbeat may still be live: wait until it is DEAD, or bring its agent back and remove it"
                    + " without force" : "remove it without force"));
        }
        List<Server> others = state.participants().stream().filter(s -> s.id() != removed.id()).toList();
        List<String> seeLive = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i).ok() && views.get(i).value().seesLive(removed.nodeNumber())) {
                seeLive.add(others.get(i).name());
            }
        }
        if (!seeLive.isEmpty()) {
            findings.add(Finding.error("server.live", removed.name(), "node " + removed.nodeNumber() + " ("
                    + removed.name() + ") is live in the disk heartbeat views of " + String.join(", ", seeLive)
                    + ": it may still write to the shared disk", "stop it, or wait until every member sees it dead"));
        }
        return plan(state, removed, findings, remainingFacts, true);
    }

    static ChangePlan plan(PoolState state, Server removed, FanOut.Outcome<AgentFacts> removedFacts,
            List<FanOut.Outcome<AgentFacts>> remainingFacts) {
        return plan(state, removed, removedFacts, remainingFacts, List.of());
    }

    /**
     * A graceful removal: the VMs o2pool runs on the server are live-migrated to the other live servers first (a
     * drain; refused when one cannot move), VMs running there outside o2pool refuse it.
     */
    static ChangePlan plan(PoolState state, Server removed, FanOut.Outcome<AgentFacts> removedFacts,
            List<FanOut.Outcome<AgentFacts>> remainingFacts, List<Vm> vms) {
        List<Finding> findings = new ArrayList<>();
        if (!removedFacts.ok()) {
            findings.add(Finding.error("server.unreachable", removed.name(), "cannot check that no VM runs on "
                    + removed.name() + ": " + removedFacts.message(), "bring its agent back, then retry"));
        } else {
            java.util.Set<String> managed = new java.util.HashSet<>();
            vms.forEach(v -> managed.add(v.name()));
            List<String> foreign = removedFacts.value().runningVms().stream().filter(n -> !managed.contains(n))
                    .toList();
            if (!foreign.isEmpty()) {
                findings.add(Finding.error("vms.running", removed.name(), "server " + removed.name() + " runs VMs "
                        + foreign + " that o2pool does not manage", "stop or migrate them, then remove the server"));
            }
        }
        VmPlanner.Drain drain = VmPlanner.drain(state, removed, vms);
        findings.addAll(drain.findings());
        ChangePlan plan = plan(state, removed, findings, remainingFacts, false);
        if (plan.refused() || drain.migrations().isEmpty()) {
            return plan;
        }
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(new PlannedStep(RemoveServerStep.DRAIN_VMS, drain.describe(removed).orElseThrow(),
                drain.migrations()));
        steps.addAll(plan.steps());
        return new ChangePlan(plan.kind(), plan.pool(), plan.findings(), plan.generation(), plan.files(),
                plan.previousFiles(), plan.previousGeneration(), plan.timeouts(), plan.previousTimeouts(),
                plan.repository(), steps, plan.notes());
    }

    private static ChangePlan plan(PoolState state, Server removed, List<Finding> findings,
            List<FanOut.Outcome<AgentFacts>> remainingFacts, boolean forced) {
        var pool = state.pool();
        List<Server> others = state.participants().stream().filter(s -> s.id() != removed.id()).toList();
        for (int i = 0; i < remainingFacts.size(); i++) { // outcomes keep the order of the remaining members
            String member = others.get(i).name();
            if (!remainingFacts.get(i).ok()) {
                findings.add(Finding.error("member.unreachable", member, "member " + member + " is not reachable: "
                        + remainingFacts.get(i).message(), "bring the agent of " + member + " back: every member"
                        + " must drop the node"));
            }
        }
        ConfigBundle previous = state.currentFiles();
        PoolState remaining = new PoolState(pool, state.members().stream().filter(s -> s.id() != removed.id())
                .toList(), state.nextGeneration());
        if (findings.stream().anyMatch(Finding::isError)) {
            return new ChangePlan(JobKind.REMOVE_SERVER, pool.name(), findings, 0, null, previous, pool.generation(),
                    pool.timeouts(), pool.timeouts(), state.repository(), List.of(), List.of());
        }
        long g = state.nextGeneration();
        ConfigBundle files = remaining.files(remaining.spec(), pool.timeouts(), g);
        List<String> staying = remaining.participantNames();
        String leaving = removed.name();
        List<Effect> stage = staying.stream().<Effect>map(s -> new Effect.Stage(s, FilesDiff.of(s, previous, files)))
                .toList();
        List<Effect> commit = new ArrayList<>(staying.stream().<Effect>map(s -> new Effect.Commit(s, true)).toList());
        commit.add(new Effect.RecordGeneration(staying));
        List<PlannedStep> steps = new ArrayList<>();
        steps.add(new PlannedStep(RemoveServerStep.ALLOCATE, "reserve generation " + g,
                new Effect.ReserveGeneration(g)));
        if (!staying.isEmpty()) {
            steps.add(new PlannedStep(RemoveServerStep.STAGE, "stage generation " + g + " without " + leaving + " on "
                    + staying, stage));
        }
        if (!forced) { // a dead server is not contacted: it no longer writes to the shared disk
            steps.add(new PlannedStep(RemoveServerStep.DETACH_REPOSITORY, "unmount " + pool.repositoryPath() + " on "
                    + leaving, new Effect.DetachRepository(leaving)));
            steps.add(new PlannedStep(RemoveServerStep.STOP_STACK, "stop the cluster stack on " + leaving,
                    new Effect.StopStack(leaving)));
        }
        steps.add(new PlannedStep(RemoveServerStep.COMMIT, "commit generation " + g + " on " + staying
                + "; their stacks drop node " + removed.nodeNumber(), commit));
        if (!forced) { // a server removed by force learns it from the pool record in the repository if it returns
            steps.add(new PlannedStep(RemoveServerStep.FORGET_POOL, "tell " + leaving + " it no longer belongs to pool "
                    + pool.name() + ": its agent removes the pool's cluster.conf and never starts its stack on it",
                    new Effect.ForgetPool(leaving)));
        }
        return new ChangePlan(JobKind.REMOVE_SERVER, pool.name(), findings, g, files, previous, pool.generation(),
                pool.timeouts(), pool.timeouts(), state.repository(), steps, remaining.skippedNotes());
    }
}

package io.o2pool.manager.changetimeouts;

import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.FilesDiff;
import io.o2pool.manager.change.PlannedStep;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Vm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Plans Change Timeouts from the pool, its members' facts and the wanted timeouts: a pure function. Refused (nothing
 * changes) while any member is unreachable or runs VMs (unless the VMs o2pool runs are to be stopped and started
 * again), or when the timeouts are already the pool's.
 */
final class ChangeTimeoutsPlanner {
    /** How long each VM gets to shut down before it is forced off when the change stops the VMs. */
    static final Duration VM_STOP_TIMEOUT = Duration.ofSeconds(60);

    private ChangeTimeoutsPlanner() {
    }

    /** The VMs o2pool runs on {@code member}. */
    private static List<Vm> running(io.o2pool.manager.model.Server member, List<Vm> vms) {
        return vms.stream().filter(v -> v.mayRunOn(member)).toList();
    }

    private static java.util.Set<Integer> numbers(PoolState state) {
        java.util.Set<Integer> numbers = new java.util.TreeSet<>();
        state.participants().forEach(s -> numbers.add(s.nodeNumber()));
        return numbers;
    }

    private static List<String> notes(String change, PoolState state) {
        List<String> notes = new ArrayList<>(List.of(change));
        notes.addAll(state.skippedNotes());
        return notes;
    }

    static ChangePlan plan(PoolState state, O2cbTimeouts wanted, List<FanOut.Outcome<AgentFacts>> facts,
            Duration liveBound) {
        return plan(state, wanted, facts, liveBound, List.of(), false);
    }

    /**
     * As {@link #plan(PoolState, O2cbTimeouts, List, Duration)} with the pool's VMs: the VMs o2pool runs on the members
     * refuse the change unless {@code stopVms}, which makes the plan shut them down first and start them again on the
     * same servers last (VMs running outside o2pool always refuse it).
     */
    static ChangePlan plan(PoolState state, O2cbTimeouts wanted, List<FanOut.Outcome<AgentFacts>> facts,
            Duration liveBound, List<Vm> vms, boolean stopVms) {
        var pool = state.pool();
        List<Finding> findings = new ArrayList<>();
        if (wanted.equals(pool.timeouts())) {
            findings.add(Finding.error("timeouts.unchanged", "-", "pool " + pool.name() + " already has "
                    + ChangeTimeoutsOperation.describe(wanted), "give timeouts that differ from the pool's"));
        }
        for (int i = 0; i < facts.size(); i++) {
            var f = facts.get(i);
            String server = state.participants().get(i).name(); // outcomes keep the participants' order
            if (!f.ok()) {
                findings.add(Finding.error("member.unreachable", server, "server " + server + " cannot be"
                        + " reached (" + f.message() + ")", "every node must take the new timeouts at once; bring"
                        + " the agent of " + server + " back, then retry"));
            } else {
                List<String> managed = running(state.participants().get(i), vms).stream().map(Vm::name).toList();
                List<String> foreign = f.value().runningVms().stream().filter(n -> !managed.contains(n)).toList();
                if (!foreign.isEmpty()) {
                    findings.add(Finding.error("vms.running", server, "server " + server + " runs VMs " + foreign
                            + " that o2pool does not manage", "stop them first, because every node stops"
                            + " heartbeating and unmounts the repository during the change"));
                }
                if (!managed.isEmpty() && !stopVms) {
                    findings.add(Finding.error("vms.running", server, "server " + server + " runs VMs " + managed,
                            "let the change stop them first and start them again after (stop_vms, `o2pool pool"
                            + " timeouts --stop-vms`, or the dialog's checkbox), or stop them yourself: every node"
                            + " stops heartbeating and unmounts the repository during the change"));
                }
            }
        }
        ConfigBundle previous = state.currentFiles();
        if (findings.stream().anyMatch(Finding::isError) || previous == null) {
            List<String> notes = previous == null ? List.of("pool " + pool.name() + " has no members: only its"
                    + " record changes") : List.of();
            List<PlannedStep> steps = previous == null && findings.isEmpty()
                    ? List.of(new PlannedStep(ChangeTimeoutsStep.COMMIT, "record "
                    + ChangeTimeoutsOperation.describe(wanted) + " for pool " + pool.name(),
                    new Effect.RecordGeneration(List.of()))) : List.of();
            return new ChangePlan(JobKind.CHANGE_TIMEOUTS, pool.name(), findings, pool.generation(), null, previous,
                    pool.generation(), wanted, pool.timeouts(), state.repository(), steps, notes);
        }
        long g = state.nextGeneration();
        ConfigBundle files = state.files(state.spec(), wanted, g);
        List<String> all = state.participantNames();
        Function<Function<String, Effect>, List<Effect>> each = effect -> all.stream().map(effect).toList();
        List<Effect> commit = new ArrayList<>(each.apply(s -> new Effect.Commit(s, true)));
        commit.add(new Effect.RecordGeneration(all));
        String change = ChangeTimeoutsOperation.describe(pool.timeouts()) + " -> "
                + ChangeTimeoutsOperation.describe(wanted);
        List<Effect> stops = new ArrayList<>();
        List<Effect> starts = new ArrayList<>();
        for (var member : state.participants()) {
            for (Vm vm : running(member, vms)) {
                stops.add(new Effect.StopVm(member.name(), vm.name(), VM_STOP_TIMEOUT.toSeconds()));
                starts.add(new Effect.StartVm(member.name(), vm.name()));
            }
        }
        List<PlannedStep> steps = new ArrayList<>();
        if (!stops.isEmpty()) {
            steps.add(new PlannedStep(ChangeTimeoutsStep.STOP_VMS, "shut down " + stops.size() + " VMs (forced off"
                    + " after " + VM_STOP_TIMEOUT.toSeconds() + " s); they start again on the same servers last",
                    stops));
        }
        steps.addAll(List.of(
                new PlannedStep(ChangeTimeoutsStep.ALLOCATE, "reserve generation " + g,
                        new Effect.ReserveGeneration(g)),
                new PlannedStep(ChangeTimeoutsStep.STAGE, "stage generation " + g + " (" + change + ") on " + all,
                        each.apply(s -> new Effect.Stage(s, FilesDiff.of(s, previous, files)))),
                new PlannedStep(ChangeTimeoutsStep.DETACH_REPOSITORY, "unmount " + pool.repositoryPath() + " on "
                        + all, each.apply(Effect.DetachRepository::new)),
                new PlannedStep(ChangeTimeoutsStep.STOP_STACK, "stop the cluster stack on " + all,
                        each.apply(Effect.StopStack::new)),
                new PlannedStep(ChangeTimeoutsStep.COMMIT, "commit generation " + g + " on " + all, commit),
                new PlannedStep(ChangeTimeoutsStep.START_STACK, "start the cluster stack on " + all,
                        each.apply(Effect.StartStack::new)),
                new PlannedStep(ChangeTimeoutsStep.ATTACH_REPOSITORY, "mount " + pool.repositoryPath() + " on " + all,
                        each.apply(Effect.AttachRepository::new)),
                new PlannedStep(ChangeTimeoutsStep.WAIT_LIVE, "wait up to " + liveBound.toSeconds() + " s until"
                        + " every node sees nodes " + numbers(state) + " live",
                        new Effect.WaitLive(all, new ArrayList<>(numbers(state)), liveBound.toMillis()))));
        if (!starts.isEmpty()) {
            steps.add(new PlannedStep(ChangeTimeoutsStep.START_VMS, "start the " + starts.size() + " VMs again where"
                    + " they ran", starts));
        }
        return new ChangePlan(JobKind.CHANGE_TIMEOUTS, pool.name(), findings, g, files, previous, pool.generation(),
                wanted, pool.timeouts(), state.repository(), steps, notes(change, state));
    }
}

package io.o2pool.manager.change;

import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import java.util.List;
import java.util.Optional;

/**
 * A cluster change as a value: what a planner computed from the pool, its members' reported facts and the request,
 * before anything changes. {@code POST /api/plan} returns it; a job computes the same plan in its first step, records
 * it, then executes its steps in order and, on failure, undoes the executed ones in reverse.
 *
 * @param kind the operation
 * @param pool the pool's name
 * @param findings every check's result; any ERROR finding refuses the change (and the plan has no steps)
 * @param generation the configuration generation the change commits (0 when it commits none)
 * @param files the files of that generation, identical on every server that receives it; null when none
 * @param previousFiles the files the pool's members run now (restored as a newer generation by an undo); null when
 *     the pool has no members
 * @param previousGeneration the pool's generation before the change
 * @param timeouts the o2cb timeouts the pool has after the change
 * @param previousTimeouts the pool's o2cb timeouts before the change
 * @param repository the pool's shared repository, as attached by the effects
 * @param steps the steps to execute, in order
 * @param notes what an operator should know about the plan
 */
public record ChangePlan(
        JobKind kind,
        String pool,
        List<Finding> findings,
        long generation,
        ConfigBundle files,
        ConfigBundle previousFiles,
        long previousGeneration,
        O2cbTimeouts timeouts,
        O2cbTimeouts previousTimeouts,
        RepositorySpec repository,
        List<PlannedStep> steps,
        List<String> notes) {

    public ChangePlan {
        findings = List.copyOf(findings);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** The errors among the findings: each one alone refuses the change. */
    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    public boolean refused() {
        return !errors().isEmpty();
    }

    /** The planned step named {@code id}. */
    public Optional<PlannedStep> step(String id) {
        return steps.stream().filter(s -> s.step().id().equals(id)).findFirst();
    }

    /** The step ids in order: exactly the steps a job of this plan runs after planning. */
    public List<String> stepIds() {
        return steps.stream().map(s -> s.step().id()).toList();
    }
}

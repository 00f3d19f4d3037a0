package io.o2pool.manager.drift;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a Re-sync from the pool and every member's live files: a pure function. Generations only move forward, so the
 * pool's files go to every member as a new generation above any member's own; nothing is planned when no member
 * drifted; refused while any member does not answer.
 */
final class ResyncPlanner {
    private ResyncPlanner() {
    }

    static ChangePlan plan(PoolState state, List<FanOut.Outcome<LiveConfig>> lives, Instant now) {
        var pool = state.pool();
        ConfigBundle expected = state.currentFiles();
        List<Finding> findings = new ArrayList<>();
        List<Drift> drifts = new ArrayList<>();
        long highest = 0;
        for (int i = 0; i < lives.size(); i++) {
            var o = lives.get(i);
            Server m = state.participants().get(i); // outcomes keep the participants' order
            if (!o.ok()) {
                findings.add(Finding.error("member.unreachable", m.name(), "re-sync needs every member of pool "
                        + pool.name() + "; " + m.name() + " is not reachable (" + o.message() + ")",
                        "bring the agent of " + m.name() + " back, then retry"));
                continue;
            }
            LiveConfig live = o.value();
            highest = Math.max(highest, live.generation() == null ? 0 : live.generation());
            DriftCheck.check(expected, m, live, now).ifPresent(d -> {
                drifts.add(d);
                findings.add(new Finding(Finding.Severity.WARNING, "config.drift", d.serverName(), d.summary()
                        + (d.diff().isEmpty() ? "" : "\n" + d.diff()), "re-synced by this job"));
            });
        }
        if (findings.stream().anyMatch(Finding::isError) || drifts.isEmpty()) {
            List<String> notes = drifts.isEmpty() && findings.isEmpty() ? List.of(expected == null
                    ? "pool " + pool.name() + " has no members" : "every member already runs generation "
                    + expected.generation() + " with the pool's files") : List.of();
            return new ChangePlan(JobKind.RESYNC, pool.name(), findings, pool.generation(), null, expected,
                    pool.generation(), pool.timeouts(), pool.timeouts(), state.repository(), List.of(), notes);
        }
        long g = Math.max(state.nextGeneration(), highest + 1);
        ConfigBundle files = state.files(state.spec(), pool.timeouts(), g);
        List<String> all = state.participantNames();
        List<Effect> stage = new ArrayList<>();
        List<Effect> commit = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            LiveConfig live = lives.get(i).value();
            String label = live.generation() == null ? "none" : "live generation " + live.generation();
            stage.add(new Effect.Stage(all.get(i), FilesDiff.of(all.get(i), nullToEmpty(live.clusterConf()),
                    nullToEmpty(live.o2cbDefaults()), label, files)));
            commit.add(new Effect.Commit(all.get(i), true));
        }
        commit.add(new Effect.RecordGeneration(all));
        List<String> drifted = drifts.stream().map(Drift::serverName).toList();
        return new ChangePlan(JobKind.RESYNC, pool.name(), findings, g, files, expected, pool.generation(),
                pool.timeouts(), pool.timeouts(), state.repository(), List.of(
                        new PlannedStep(ResyncStep.ALLOCATE, "reserve generation " + g + " (above every member's)",
                                new Effect.ReserveGeneration(g)),
                        new PlannedStep(ResyncStep.STAGE, "stage the pool's files as generation " + g + " on " + all,
                                stage),
                        new PlannedStep(ResyncStep.COMMIT, "commit generation " + g + " on " + all, commit)),
                List.of("drifted: " + drifted));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}

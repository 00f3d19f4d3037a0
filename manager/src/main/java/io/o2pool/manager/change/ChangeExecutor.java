package io.o2pool.manager.change;

import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.LiveWait;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.agents.RepositoryStatus;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes the effects of a planned step, and undoes them: the only code that changes servers for a cluster change.
 * Consecutive effects of one kind run on their servers at once (a wave) and a wave fails as {@link PoolAgents#require}
 * says; every effect is idempotent, so the engine may run a step again after a transient failure or a restart. Undo
 * runs each wave's inverse in reverse order, best effort, noting what it could not undo.
 */
public final class ChangeExecutor {
    private final PoolAgents agents;
    private final Duration pollInterval;
    private final VmExecutor vms;

    public ChangeExecutor(PoolAgents agents, Duration pollInterval) {
        this.agents = agents;
        this.pollInterval = pollInterval;
        this.vms = new VmExecutor(agents, pollInterval);
    }

    /** Runs {@code step} of {@code plan}. */
    public void run(ChangePlan plan, PlannedStep step, JobContext ctx) throws StepFailedException,
            InterruptedException {
        for (List<Effect> wave : waves(step.effects())) {
            runWave(plan, wave, ctx);
        }
    }

    /** Undoes what {@code step} of {@code plan} did (or may have done), in reverse. */
    public void undo(ChangePlan plan, PlannedStep step, JobContext ctx) throws InterruptedException {
        List<List<Effect>> waves = waves(step.effects());
        for (int i = waves.size() - 1; i >= 0; i--) {
            undoWave(plan, waves.get(i), ctx);
        }
    }

    /**
     * Splits effects into runs of one effect kind. Commits on servers that ran the pool's files and commits on
     * newcomers are separate waves, so a newcomer commits only once every member has.
     */
    static List<List<Effect>> waves(List<Effect> effects) {
        List<List<Effect>> waves = new ArrayList<>();
        for (Effect e : effects) {
            if (waves.isEmpty() || !sameWave(waves.getLast().getFirst(), e)) {
                waves.add(new ArrayList<>());
            }
            waves.getLast().add(e);
        }
        return waves;
    }

    private static boolean sameWave(Effect a, Effect b) {
        if (a instanceof Effect.Commit ca && b instanceof Effect.Commit cb) {
            return ca.restorable() == cb.restorable();
        }
        return a.getClass() == b.getClass();
    }

    private void runWave(ChangePlan plan, List<Effect> wave, JobContext ctx) throws StepFailedException,
            InterruptedException {
        long g = plan.generation();
        switch (wave.getFirst()) {
            case Effect.ReserveGeneration r -> reserve(plan, r.generation(), ctx);
            case Effect.AssignNode a -> assign(ctx, wave);
            case Effect.Enrol e -> enrol(ctx, wave);
            case Effect.Stage s -> {
                ConfigBundle files = plan.files();
                PoolAgents.require("stage generation " + g, FanOut.each(gateways(ctx, wave), x -> x.stage(files)));
                ctx.note("staged generation " + g + " (checksum " + files.checksum() + ") on " + names(wave));
            }
            case Effect.Commit c -> {
                var outcomes = FanOut.all(gateways(ctx, wave), x -> x.commit(g));
                PoolAgents.require("commit generation " + g, outcomes);
                List<String> stacks = outcomes.stream().filter(o -> o.value() != null)
                        .map(o -> o.server() + " " + o.value()).toList();
                ctx.note("committed generation " + g + " on " + names(wave) + (stacks.isEmpty() ? ""
                        : "; the running stacks: " + String.join("; ", stacks)));
            }
            case Effect.RecordGeneration r -> record(plan, r, ctx);
            case Effect.StartStack s -> {
                PoolAgents.require("start the cluster stack", FanOut.each(gateways(ctx, wave),
                        AgentGateway::startStack));
                ctx.note("cluster stack online on " + names(wave));
            }
            case Effect.StopStack s -> {
                PoolAgents.require("stop the cluster stack", FanOut.each(gateways(ctx, wave),
                        AgentGateway::stopStack));
                ctx.note("cluster stack stopped on " + names(wave));
            }
            case Effect.DetachRepository d -> {
                RepositorySpec repo = repository(ctx);
                PoolAgents.require("detach the repository", FanOut.each(gateways(ctx, wave),
                        x -> x.detachRepository(repo)));
                ctx.note("repository detached on " + names(wave));
            }
            case Effect.ConvertRepository c -> convert(ctx, wave);
            case Effect.GrowSlots gs -> {
                RepositorySpec repo = repository(ctx);
                PoolAgents.require("raise the volume's node slots", FanOut.each(gateways(ctx, wave),
                        x -> x.growSlots(repo, gs.slots())));
                ctx.note(repo.path() + " has " + gs.slots() + " node slots (tunefs.ocfs2 -N on " + names(wave) + ")");
            }
            case Effect.AttachRepository a -> attach(ctx, wave);
            case Effect.WaitLive w -> LiveWait.until(gateways(ctx, w.servers()), new java.util.LinkedHashSet<>(w.nodes()),
                    Duration.ofMillis(w.boundMs()), pollInterval, ctx);
            case Effect.ForgetPool f -> {
                String poolId = plan.files().poolId();
                PoolAgents.require("tell the server it left the pool", FanOut.each(gateways(ctx, wave),
                        x -> x.forgetPool(poolId)));
                ctx.note(names(wave) + " no longer belong to pool " + plan.pool() + ": their agents removed its"
                        + " configuration and will not start its stack");
            }
            case Effect.OnVm v -> vms.run(plan, wave, ctx);
        }
    }

    private void undoWave(ChangePlan plan, List<Effect> wave, JobContext ctx) throws InterruptedException {
        switch (wave.getFirst()) {
            case Effect.ReserveGeneration r -> { } // a reserved generation is never reused
            case Effect.AssignNode a -> release(ctx, wave);
            case Effect.Enrol e -> { } // the agent stays enrolled to this manager: harmless, and a retry needs it
            case Effect.Stage s -> report(ctx, "abort generation " + plan.generation(),
                    FanOut.each(gateways(ctx, wave), x -> x.abort(plan.generation())));
            case Effect.Commit c -> uncommit(plan, wave, ctx);
            case Effect.RecordGeneration r -> { } // undone with the commits it records
            case Effect.StartStack s -> report(ctx, "stop the cluster stack",
                    FanOut.each(gateways(ctx, wave), AgentGateway::stopStack));
            case Effect.StopStack s -> report(ctx, "start the cluster stack",
                    FanOut.each(gateways(ctx, wave), AgentGateway::startStack));
            case Effect.DetachRepository d -> {
                RepositorySpec repo = repository(ctx);
                report(ctx, "attach the repository", FanOut.each(gateways(ctx, wave), x -> x.attachRepository(repo)));
            }
            case Effect.ConvertRepository c -> { } // cluster mode is harmless to a single node
            case Effect.GrowSlots gs -> { } // more slots are harmless
            case Effect.AttachRepository a -> {
                RepositorySpec repo = repository(ctx);
                report(ctx, "detach the repository", FanOut.each(gateways(ctx, wave), x -> x.detachRepository(repo)));
            }
            case Effect.WaitLive w -> { }
            case Effect.ForgetPool f -> { } // the last step of a removal: nothing runs after it
            case Effect.OnVm v -> vms.undo(wave, ctx);
        }
    }

    private static void reserve(ChangePlan plan, long planned, JobContext ctx) throws StepFailedException {
        long reserved = ctx.state().path("reserved_generation").asLong(0);
        if (reserved == 0) {
            reserved = ctx.store().jdbi().inTransaction(h -> ctx.store().pools()
                    .reserveGenerationAbove(h, ctx.poolId(), planned - 1));
            ctx.state().put("reserved_generation", reserved);
            ctx.saveState();
        }
        if (reserved != planned) {
            throw new StepFailedException("pool " + plan.pool() + " changed since this plan was made: the next"
                    + " generation is " + reserved + ", the plan commits " + planned + "; retry the job to plan again");
        }
        ctx.note("generation " + planned + " reserved");
    }

    private static void assign(JobContext ctx, List<Effect> wave) {
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> {
            for (Effect e : wave) {
                Effect.AssignNode a = (Effect.AssignNode) e;
                Server s = server(ctx, a.server());
                ctx.store().servers().setNode(h, s.id(), a.number(), a.nodeName(), a.ipAddress(), now);
                ctx.note(a.server() + " is node " + a.number() + " (" + a.nodeName() + ", " + a.ipAddress() + ")");
            }
        });
    }

    /**
     * Each server's agent records this manager's certificate; then the password held for it is erased, so the
     * database keeps no agent secret (a server whose enrolment failed keeps it for the retry).
     */
    private void enrol(JobContext ctx, List<Effect> wave) throws StepFailedException, InterruptedException {
        List<AgentGateway> targets = gateways(ctx, wave);
        var outcomes = FanOut.all(targets, AgentGateway::enrol);
        for (int i = 0; i < outcomes.size(); i++) { // outcomes keep the wave's order
            if (outcomes.get(i).ok()) {
                ctx.store().servers().forgetPassword(server(ctx, wave.get(i).target()).id(), ctx.clock().instant());
            }
        }
        PoolAgents.require("enrol this manager's certificate", outcomes);
        ctx.note("enrolled this manager's certificate on " + names(wave) + "; their agent passwords are erased"
                + " and their agents accept only this manager's certificate");
    }

    private static void release(JobContext ctx, List<Effect> wave) {
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> {
            for (Effect e : wave) {
                Server s = server(ctx, e.target());
                ctx.store().servers().setNode(h, s.id(), null, s.nodeName(), s.ipAddress(), now);
            }
        });
        ctx.note("released the node numbers of " + names(wave));
    }

    private static void record(ChangePlan plan, Effect.RecordGeneration r, JobContext ctx) {
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> {
            ctx.store().pools().setTimeouts(h, ctx.poolId(), plan.timeouts());
            ctx.store().pools().setGeneration(h, ctx.poolId(), plan.generation());
            for (String name : r.servers()) {
                ctx.store().servers().setConfigGeneration(h, server(ctx, name).id(), plan.generation(), now);
            }
        });
        ctx.note("pool " + plan.pool() + " runs generation " + plan.generation() + " on " + r.servers().size()
                + " servers");
    }

    /**
     * Agents only move forward: the servers that ran the pool's previous files get them back as a newer generation
     * (reserved once and kept in the job's state, so a restarted undo reuses it), and the pool records it.
     * Newcomers keep the abandoned generation's files, inert because no member lists them.
     */
    private void uncommit(ChangePlan plan, List<Effect> wave, JobContext ctx) throws InterruptedException {
        List<String> restorable = wave.stream().map(e -> (Effect.Commit) e).filter(Effect.Commit::restorable)
                .map(Effect.Commit::server).toList();
        List<String> newcomers = wave.stream().map(e -> (Effect.Commit) e).filter(c -> !c.restorable())
                .map(Effect.Commit::server).toList();
        Instant now = ctx.clock().instant();
        if (restorable.isEmpty() || plan.previousFiles() == null) {
            ctx.store().jdbi().useTransaction(h -> {
                ctx.store().pools().setTimeouts(h, ctx.poolId(), plan.previousTimeouts());
                ctx.store().pools().setGeneration(h, ctx.poolId(), plan.previousGeneration());
                newcomers.forEach(n -> ctx.store().servers().setConfigGeneration(h, server(ctx, n).id(), 0, now));
            });
            ctx.note("pool " + plan.pool() + " back at generation " + plan.previousGeneration());
            return;
        }
        if (!ctx.state().has("restore_generation")) {
            ctx.state().put("restore_generation", (long) ctx.store().jdbi().<Long, RuntimeException>inTransaction(h ->
                    ctx.store().pools().reserveGeneration(h, ctx.poolId())));
            ctx.saveState();
        }
        long r = ctx.state().path("restore_generation").asLong();
        ConfigBundle p = plan.previousFiles();
        ConfigBundle restore = new ConfigBundle(r, p.poolId(), p.clusterConf(), p.o2cbDefaults(), p.checksum());
        List<FanOut.Outcome<Void>> outcomes = FanOut.each(gateways(ctx, restorable), a -> {
            a.stage(restore);
            a.commit(r);
        });
        report(ctx, "restore generation " + plan.previousGeneration() + "'s files as generation " + r, outcomes);
        ctx.store().jdbi().useTransaction(h -> {
            ctx.store().pools().setTimeouts(h, ctx.poolId(), plan.previousTimeouts());
            ctx.store().pools().setGeneration(h, ctx.poolId(), r);
            for (int i = 0; i < restorable.size(); i++) { // outcomes keep the order of the servers
                if (outcomes.get(i).ok()) {
                    ctx.store().servers().setConfigGeneration(h, server(ctx, restorable.get(i)).id(), r, now);
                }
            }
            newcomers.forEach(n -> ctx.store().servers().setConfigGeneration(h, server(ctx, n).id(), 0, now));
        });
    }

    private void convert(JobContext ctx, List<Effect> wave) throws StepFailedException, InterruptedException {
        RepositorySpec repo = repository(ctx);
        List<FanOut.Outcome<Void>> outcomes = new ArrayList<>();
        for (Effect e : wave) {
            Effect.ConvertRepository c = (Effect.ConvertRepository) e;
            outcomes.addAll(FanOut.each(gateways(ctx, List.of(c.server())),
                    x -> x.convertRepositoryToCluster(repo, c.slots())));
            ctx.note("converted " + repo.path() + " to cluster mode with " + c.slots() + " slots on " + c.server());
        }
        PoolAgents.require("convert the repository to cluster mode", outcomes);
    }

    /** Attaches the repository and verifies UUID and mode on every server; the pool learns its UUID from the first. */
    private void attach(JobContext ctx, List<Effect> wave) throws StepFailedException, InterruptedException {
        RepositorySpec repo = repository(ctx);
        var outcomes = FanOut.all(gateways(ctx, wave), a -> a.attachRepository(repo));
        PoolAgents.require("attach the repository", outcomes);
        Pool pool = pool(ctx);
        String expectedUuid = pool.repositoryUuid();
        List<String> problems = new ArrayList<>();
        for (var o : outcomes) {
            RepositoryStatus st = o.value();
            if (expectedUuid == null && st.uuid() != null) {
                expectedUuid = st.uuid();
                String learned = expectedUuid;
                ctx.store().jdbi().useHandle(h -> ctx.store().pools().setRepositoryUuid(h, pool.id(), learned));
                ctx.note("pool repository UUID learned from " + o.server() + ": " + learned);
            }
            if (!Pool.sameUuid(st.uuid(), expectedUuid)) {
                problems.add(o.server() + ": mounted UUID " + st.uuid() + ", pool expects " + expectedUuid);
            }
            if (pool.repositoryType() == RepositoryType.OCFS2) {
                boolean hbLocal = pool.heartbeatMode() == HeartbeatMode.LOCAL;
                if (!st.clusterMode() || (hbLocal && st.mount() != io.o2pool.manager.agents.RepositoryMount.HEARTBEAT_LOCAL)) {
                    problems.add(o.server() + ": mounted with (" + st.mountOptions() + "), expected cluster mode"
                            + (hbLocal ? " with heartbeat=local" : ""));
                }
            }
            ctx.note(o.server() + ": " + st.mountPoint() + " (" + st.mountOptions() + ") UUID " + st.uuid());
        }
        if (!problems.isEmpty()) {
            throw new StepFailedException("repository check failed: " + String.join("; ", problems));
        }
    }

    private static Pool pool(JobContext ctx) {
        return ctx.store().pools().find(ctx.poolId())
                .orElseThrow(() -> new IllegalStateException("pool " + ctx.poolId() + " no longer exists"));
    }

    /** The pool's repository as the store has it now (its UUID may have been learned by an earlier step). */
    private static RepositorySpec repository(JobContext ctx) {
        Pool pool = pool(ctx);
        return new RepositorySpec(pool.repositoryType(), pool.repositoryPath(), pool.repositoryUuid());
    }

    /** The server named {@code name}, as the store has it now (a step's effects name servers). */
    static Server server(JobContext ctx, String name) {
        return ctx.store().jdbi().withHandle(h -> ctx.store().servers().findByName(h, name))
                .orElseThrow(() -> new IllegalStateException("server " + name + " no longer exists"));
    }

    private List<AgentGateway> gateways(JobContext ctx, List<?> targets) {
        return targets.stream().map(t -> t instanceof Effect e ? e.target() : (String) t)
                .map(name -> agents.connect(server(ctx, name))).toList();
    }

    private static List<String> names(List<Effect> wave) {
        return wave.stream().map(Effect::target).toList();
    }

    private static void report(JobContext ctx, String what, List<FanOut.Outcome<Void>> outcomes) {
        long ok = outcomes.stream().filter(FanOut.Outcome::ok).count();
        ctx.note(what + " on " + ok + " of " + outcomes.size() + " servers");
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> ctx.note(what + " failed: " + o.message()));
    }
}

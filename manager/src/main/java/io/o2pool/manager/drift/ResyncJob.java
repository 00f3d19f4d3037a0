package io.o2pool.manager.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.LiveConfig;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ConfigBundles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-sync: brings every member back to the pool's configuration when one drifted (missed a generation while it was
 * away, or had its files edited by hand). Generations only move forward, so the pool's files are staged and committed
 * on every member as a new generation (above any member's own): afterwards every member runs identical bytes at one
 * generation again. Needs every member reachable; a stage failure aborts everywhere. Steps: check, allocate, stage,
 * commit.
 */
public final class ResyncJob implements JobHandler {
    static final String CHECK = "check";
    static final String ALLOCATE = "allocate";
    static final String STAGE = "stage";
    static final String COMMIT = "commit";

    private final AgentConnector connector;

    public ResyncJob(AgentConnector connector) {
        this.connector = connector;
    }

    @Override
    public JobKind kind() {
        return JobKind.RESYNC;
    }

    @Override
    public List<String> steps(ObjectNode input) {
        return List.of(CHECK, ALLOCATE, STAGE, COMMIT);
    }

    private record Situation(Pool pool, List<Server> members) {
    }

    private Situation load(JobContext ctx) {
        Pool pool = ctx.store().pools().find(ctx.poolId())
                .orElseThrow(() -> new IllegalStateException("pool " + ctx.poolId() + " no longer exists"));
        return new Situation(pool, ctx.store().servers().listByPool(pool.id()).stream()
                .filter(s -> s.nodeNumber() != null).toList());
    }

    private List<AgentGateway> agents(Situation s) {
        return s.members().stream().map(m -> connector.connect(m.name(), new AgentEndpoint(m.host(), m.agentPort(),
                m.agentPassword(), m.agentFingerprint()))).toList();
    }

    private boolean nothingToDo(JobContext ctx) {
        return ctx.state().path("nothing_to_do").asBoolean(false);
    }

    @Override
    public void run(String step, JobContext ctx) throws StepFailedException, InterruptedException {
        Situation s = load(ctx);
        if (!step.equals(CHECK) && nothingToDo(ctx)) {
            return;
        }
        switch (step) {
            case CHECK -> check(s, ctx);
            case ALLOCATE -> {
                if (!ctx.state().has("generation")) {
                    long floor = ctx.state().path("highest_live_generation").asLong();
                    long g = ctx.store().jdbi().inTransaction(h -> ctx.store().pools()
                            .reserveGenerationAbove(h, s.pool().id(), floor));
                    ctx.state().put("generation", g);
                    ctx.note("generation " + g);
                }
            }
            case STAGE -> {
                ConfigBundle bundle = bundle(s, ctx);
                fail("stage generation " + bundle.generation(), FanOut.each(agents(s), a -> a.stage(bundle)));
                ctx.note("staged the pool's files as generation " + bundle.generation() + " on " + s.members().size()
                        + " servers");
            }
            case COMMIT -> {
                long g = ctx.state().path("generation").asLong();
                fail("commit generation " + g, FanOut.each(agents(s), a -> a.commit(g)));
                Instant now = ctx.clock().instant();
                ctx.store().jdbi().useTransaction(h -> {
                    ctx.store().pools().setGeneration(h, s.pool().id(), g);
                    for (Server m : s.members()) {
                        ctx.store().servers().setConfigGeneration(h, m.id(), g, now);
                        ctx.store().drifts().clear(h, m.id());
                    }
                });
                ctx.note("every member runs generation " + g + " with identical files");
            }
            default -> throw new StepFailedException("unknown step " + step);
        }
    }

    private void check(Situation s, JobContext ctx) throws StepFailedException, InterruptedException {
        if (s.members().isEmpty()) {
            ctx.state().put("nothing_to_do", true);
            ctx.note("pool " + s.pool().name() + " has no members");
            return;
        }
        ConfigBundle expected = DriftCheck.expected(s.pool(), s.members());
        var lives = FanOut.all(agents(s), AgentGateway::liveConfig);
        List<String> unreachable = new ArrayList<>();
        List<Drift> drifts = new ArrayList<>();
        long highest = 0;
        Instant now = ctx.clock().instant();
        for (int i = 0; i < lives.size(); i++) {
            var o = lives.get(i);
            Server m = s.members().get(i);
            if (!o.ok()) {
                unreachable.add(m.name() + " (" + o.message() + ")");
                continue;
            }
            LiveConfig live = o.value();
            highest = Math.max(highest, live.generation() == null ? 0 : live.generation());
            DriftCheck.check(expected, m, live, now).ifPresent(drifts::add);
        }
        if (!unreachable.isEmpty()) {
            throw new StepFailedException("re-sync needs every member of pool " + s.pool().name() + "; not reachable: "
                    + String.join("; ", unreachable));
        }
        ArrayNode list = ctx.state().putArray("drifted");
        drifts.forEach(d -> {
            list.add(d.serverName());
            ctx.note(d.summary() + (d.diff().isEmpty() ? "" : "\n" + d.diff()));
        });
        ctx.state().put("highest_live_generation", highest);
        if (drifts.isEmpty()) {
            ctx.state().put("nothing_to_do", true);
            ctx.store().jdbi().useHandle(h -> s.members().forEach(m -> ctx.store().drifts().clear(h, m.id())));
            ctx.note("every member already runs generation " + expected.generation() + " with the pool's files");
        }
    }

    private static ConfigBundle bundle(Situation s, JobContext ctx) {
        return ConfigBundles.bundle(s.pool(), DriftCheck.poolSpec(s.pool(), s.members()),
                ctx.state().path("generation").asLong());
    }

    @Override
    public void undo(String step, JobContext ctx) throws InterruptedException {
        if (step.equals(STAGE) && ctx.state().has("generation")) {
            long g = ctx.state().path("generation").asLong();
            var outcomes = FanOut.each(agents(load(ctx)), a -> a.abort(g));
            ctx.note("aborted generation " + g + " on " + outcomes.stream().filter(FanOut.Outcome::ok).count()
                    + " of " + outcomes.size() + " servers");
        }
        // a partly committed re-sync leaves the pool's own files on the members that took it: nothing to restore
    }

    @Override
    public void succeeded(JobContext ctx) {
        Situation s = load(ctx);
        List<String> fixed = new ArrayList<>();
        ctx.state().path("drifted").forEach(n -> fixed.add(n.asText()));
        if (!fixed.isEmpty()) {
            ctx.store().events().append("config.resynced", s.pool().id(), null, ctx.jobId(), "pool " + s.pool().name()
                    + ": " + fixed + " re-synced; every member runs generation " + s.pool().generation());
        }
    }

    @Override
    public void failed(JobContext ctx, String step, String reason) {
        Situation s = load(ctx);
        ctx.store().events().append("config.resync-failed", s.pool().id(), null, ctx.jobId(), "pool " + s.pool().name()
                + ": re-sync failed at step " + step + ": " + reason);
    }

    @Override
    public void prepareRetry(org.jdbi.v3.core.Handle h, JobContext failed) {
        // nothing to reset
    }

    private static void fail(String what, List<FanOut.Outcome<Void>> outcomes) throws StepFailedException {
        List<String> failures = outcomes.stream().filter(o -> !o.ok()).map(FanOut.Outcome::message).toList();
        if (!failures.isEmpty()) {
            throw new StepFailedException(what + " failed on " + failures.size() + " of " + outcomes.size()
                    + " servers: " + String.join("; ", failures));
        }
    }
}

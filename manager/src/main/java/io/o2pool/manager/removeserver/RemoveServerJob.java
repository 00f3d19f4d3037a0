package io.o2pool.manager.removeserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.ConfigBundles;
import io.o2pool.manager.planner.NodeSpec;
import java.time.Instant;
import java.util.List;

/**
 * The Remove Server job: refused while VMs run on the server; otherwise a new config generation without the node is
 * staged and committed on every remaining member (abort / roll back on failure, as for Add Server), then the removed
 * server's repository is detached and its stack stopped, and the server is forgotten.
 */
public final class RemoveServerJob implements JobHandler {
    static final String VALIDATE = "validate";
    static final String ALLOCATE = "allocate";
    static final String STAGE = "stage";
    static final String COMMIT = "commit";
    static final String STOP_REMOVED = "stop_removed";

    private final AgentConnector connector;

    public RemoveServerJob(AgentConnector connector) {
        this.connector = connector;
    }

    @Override
    public JobKind kind() {
        return JobKind.REMOVE_SERVER;
    }

    @Override
    public List<String> steps(ObjectNode input) {
        return List.of(VALIDATE, ALLOCATE, STAGE, COMMIT, STOP_REMOVED);
    }

    private record Situation(Pool pool, Server removed, List<Server> remaining) {
        ClusterSpec desired() {
            return new ClusterSpec(pool.clusterName(), pool.ipPort(), pool.heartbeatMode(), remaining.stream()
                    .map(s -> new NodeSpec(s.name(), s.nodeNumber(), s.nodeName(), s.ipAddress())).toList());
        }
    }

    private Situation load(JobContext ctx) {
        Pool pool = ctx.store().pools().find(ctx.poolId()).orElseThrow();
        long id = ctx.input().path("server_id").asLong();
        Server removed = ctx.store().servers().find(id).orElseThrow(() ->
                new IllegalStateException("server " + id + " no longer exists"));
        List<Server> remaining = ctx.store().servers().listByPool(pool.id()).stream()
                .filter(s -> s.id() != id && s.nodeNumber() != null).toList();
        return new Situation(pool, removed, remaining);
    }

    private AgentGateway connect(Server s) {
        return connector.connect(s.name(), new AgentEndpoint(s.host(), s.agentPort(), s.agentPassword(),
                s.agentFingerprint()));
    }

    private List<AgentGateway> remaining(Situation s) {
        return s.remaining().stream().map(this::connect).toList();
    }

    @Override
    public void run(String step, JobContext ctx) throws StepFailedException, InterruptedException {
        Situation s = load(ctx);
        switch (step) {
            case VALIDATE -> {
                AgentFacts facts;
                try {
                    facts = connect(s.removed()).facts();
                } catch (AgentException e) {
                    throw new StepFailedException("cannot check that no VM runs on " + s.removed().name() + ": "
                            + e.getMessage() + "; bring its agent back, then retry");
                }
                if (!facts.runningVms().isEmpty()) {
                    throw new StepFailedException("server " + s.removed().name() + " runs VMs " + facts.runningVms()
                            + "; stop or migrate them, then remove the server");
                }
                var down = FanOut.all(remaining(s), AgentGateway::facts).stream().filter(o -> !o.ok()).toList();
                if (!down.isEmpty()) {
                    throw new StepFailedException("members not reachable: " + String.join("; ",
                            down.stream().map(FanOut.Outcome::message).toList()));
                }
            }
            case ALLOCATE -> {
                if (!ctx.state().has("generation")) {
                    long g = ctx.store().jdbi().inTransaction(h -> ctx.store().pools().reserveGeneration(h,
                            s.pool().id()));
                    ctx.state().put("previous_generation", s.pool().generation());
                    ctx.state().put("generation", g);
                }
            }
            case STAGE -> {
                ConfigBundle bundle = ConfigBundles.bundle(s.pool(), s.desired(), generation(ctx));
                failIfAny("stage", FanOut.each(remaining(s), a -> a.stage(bundle)));
            }
            case COMMIT -> {
                long g = generation(ctx);
                failIfAny("commit", FanOut.each(remaining(s), a -> a.commit(g)));
                Instant now = ctx.clock().instant();
                ctx.store().jdbi().useTransaction(h -> {
                    ctx.store().pools().setGeneration(h, s.pool().id(), g);
                    s.remaining().forEach(m -> ctx.store().servers().setConfigGeneration(h, m.id(), g, now));
                });
            }
            case STOP_REMOVED -> {
                AgentGateway removed = connect(s.removed());
                RepositorySpec repo = new RepositorySpec(s.pool().repositoryType(), s.pool().repositoryPath(),
                        s.pool().repositoryUuid());
                try {
                    removed.detachRepository(repo);
                    removed.stopStack();
                } catch (AgentException e) {
                    ctx.note("could not stop " + s.removed().name() + " cleanly (" + e.getMessage()
                            + "); it is no longer in any member's configuration");
                }
            }
            default -> throw new StepFailedException("unknown step " + step);
        }
    }

    @Override
    public void undo(String step, JobContext ctx) throws InterruptedException {
        Situation s = load(ctx);
        long g = generation(ctx);
        switch (step) {
            case STAGE -> FanOut.each(remaining(s), a -> a.abort(g));
            case COMMIT -> {
                // agents only move forward: restore the previous bytes (with the server) as a newer generation
                if (!ctx.state().has("restore_generation")) {
                    ctx.state().put("restore_generation", (long) ctx.store().jdbi().<Long, RuntimeException>inTransaction(h ->
                            ctx.store().pools().reserveGeneration(h, s.pool().id())));
                    ctx.saveState();
                }
                long r = ctx.state().path("restore_generation").asLong();
                ConfigBundle restore = ConfigBundles.bundle(s.pool(), s.desired().with(new NodeSpec(
                        s.removed().name(), s.removed().nodeNumber(), s.removed().nodeName(), s.removed().ipAddress())), r);
                var outcomes = FanOut.each(remaining(s), a -> {
                    a.stage(restore);
                    a.commit(r);
                });
                Instant now = ctx.clock().instant();
                ctx.store().jdbi().useTransaction(h -> {
                    ctx.store().pools().setGeneration(h, s.pool().id(), r);
                    for (int i = 0; i < s.remaining().size(); i++) {
                        if (outcomes.get(i).ok()) {
                            ctx.store().servers().setConfigGeneration(h, s.remaining().get(i).id(), r, now);
                        }
                    }
                });
            }
            default -> { }
        }
    }

    @Override
    public void succeeded(JobContext ctx) {
        Situation s = load(ctx);
        ctx.store().jdbi().useHandle(h -> ctx.store().servers().delete(h, s.removed().id()));
        ctx.store().events().append("server.removed", s.pool().id(), s.removed().id(), ctx.jobId(),
                "server " + s.removed().name() + " (node " + s.removed().nodeNumber() + ") removed from pool "
                        + s.pool().name());
    }

    @Override
    public void failed(JobContext ctx, String step, String reason) {
        Situation s = load(ctx);
        ctx.store().jdbi().useHandle(h -> ctx.store().servers().setStatus(h, s.removed().id(), ServerStatus.ERROR,
                step, "remove failed: " + reason, ctx.clock().instant()));
    }

    @Override
    public void prepareRetry(org.jdbi.v3.core.Handle h, JobContext failed) {
        failed.store().servers().setStatus(h, failed.input().path("server_id").asLong(), ServerStatus.REMOVING, null,
                null, failed.clock().instant());
    }

    private static long generation(JobContext ctx) {
        return ctx.state().path("generation").asLong();
    }

    private static void failIfAny(String what, List<FanOut.Outcome<Void>> outcomes) throws StepFailedException {
        List<String> failures = outcomes.stream().filter(o -> !o.ok()).map(FanOut.Outcome::message).toList();
        if (!failures.isEmpty()) {
            throw new StepFailedException(what + " failed on " + failures.size() + " of " + outcomes.size()
                    + " members: " + String.join("; ", failures));
        }
    }
}

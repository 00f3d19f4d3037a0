package io.o2pool.manager.changetimeouts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.LiveWait;
import io.o2pool.manager.agents.RepositorySpec;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.ConfigBundles;
import io.o2pool.manager.planner.NodeSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Changes a pool's four o2cb timeouts on every node. Connected o2cb nodes refuse peers whose timeouts differ, and the
 * kernel takes new values only while no peer is connected, so the whole cluster stops heartbeating, takes the new
 * generation and starts again: refused while any VM runs on any member (their repository is unmounted meanwhile).
 * Steps: validate (every member reachable, no VM anywhere), allocate a generation, stage it everywhere, detach the
 * repository everywhere, stop every stack, commit everywhere (the pool records the new timeouts), start every stack,
 * attach everywhere, wait until every node sees every node live. A failure undoes the steps in reverse, so the
 * cluster ends up running again with the previous timeouts as a newer generation.
 */
public final class ChangeTimeoutsJob implements JobHandler {
    static final String VALIDATE = "validate";
    static final String ALLOCATE = "allocate";
    static final String STAGE = "stage";
    static final String DETACH_REPOSITORY = "detach_repository";
    static final String STOP_STACK = "stop_stack";
    static final String COMMIT = "commit";
    static final String START_STACK = "start_stack";
    static final String ATTACH_REPOSITORY = "attach_repository";
    static final String WAIT_LIVE = "wait_live";
    static final List<String> STEPS = List.of(VALIDATE, ALLOCATE, STAGE, DETACH_REPOSITORY, STOP_STACK, COMMIT,
            START_STACK, ATTACH_REPOSITORY, WAIT_LIVE);

    private final AgentConnector connector;
    private final java.time.Duration liveTimeout;
    private final java.time.Duration pollInterval;

    public ChangeTimeoutsJob(AgentConnector connector, java.time.Duration liveTimeout, java.time.Duration pollInterval) {
        this.connector = connector;
        this.liveTimeout = liveTimeout;
        this.pollInterval = pollInterval;
    }

    /** The job input: the wanted timeouts. */
    public static ObjectNode input(ObjectMapper json, O2cbTimeouts wanted) {
        return json.createObjectNode()
                .put("heartbeat_dead_threshold", wanted.heartbeatDeadThreshold())
                .put("idle_timeout_ms", wanted.idleTimeoutMs())
                .put("keepalive_delay_ms", wanted.keepaliveDelayMs())
                .put("reconnect_delay_ms", wanted.reconnectDelayMs());
    }

    static O2cbTimeouts timeouts(ObjectNode node) {
        return new O2cbTimeouts(node.path("heartbeat_dead_threshold").asInt(), node.path("idle_timeout_ms").asInt(),
                node.path("keepalive_delay_ms").asInt(), node.path("reconnect_delay_ms").asInt());
    }

    @Override
    public JobKind kind() {
        return JobKind.CHANGE_TIMEOUTS;
    }

    @Override
    public List<String> steps(ObjectNode input) {
        return STEPS;
    }

    private record Situation(Pool pool, List<Server> members) {
        ClusterSpec spec() {
            return new ClusterSpec(pool.clusterName(), pool.ipPort(), pool.heartbeatMode(), members.stream()
                    .map(s -> new NodeSpec(s.name(), s.nodeNumber(), s.nodeName(), s.ipAddress())).toList());
        }

        RepositorySpec repository() {
            return new RepositorySpec(pool.repositoryType(), pool.repositoryPath(), pool.repositoryUuid());
        }

        Set<Integer> numbers() {
            return new LinkedHashSet<>(spec().numbers());
        }
    }

    private Situation load(JobContext ctx) {
        Pool pool = ctx.store().pools().find(ctx.poolId())
                .orElseThrow(() -> new IllegalStateException("pool " + ctx.poolId() + " no longer exists"));
        List<Server> members = ctx.store().servers().listByPool(pool.id()).stream()
                .filter(s -> s.nodeNumber() != null).toList();
        return new Situation(pool, members);
    }

    private List<AgentGateway> agents(Situation s) {
        return s.members().stream().map(m -> connector.connect(m.name(), new AgentEndpoint(m.host(), m.agentPort(),
                m.agentPassword(), m.agentFingerprint()))).toList();
    }

    @Override
    public void run(String step, JobContext ctx) throws StepFailedException, InterruptedException {
        Situation s = load(ctx);
        switch (step) {
            case VALIDATE -> validate(s, ctx);
            case ALLOCATE -> allocate(s, ctx);
            case STAGE -> {
                ConfigBundle bundle = bundle(s, timeouts(ctx.input()), generation(ctx));
                failIfAny("stage generation " + bundle.generation(), FanOut.each(agents(s), a -> a.stage(bundle)));
                ctx.note("staged generation " + bundle.generation() + " with " + describe(timeouts(ctx.input()))
                        + " on " + s.members().size() + " servers");
            }
            case DETACH_REPOSITORY -> failIfAny("detach the repository",
                    FanOut.each(agents(s), a -> a.detachRepository(s.repository())));
            case STOP_STACK -> {
                failIfAny("stop the cluster stack", FanOut.each(agents(s), AgentGateway::stopStack));
                ctx.note("every node stopped heartbeating");
            }
            case COMMIT -> commit(s, ctx, generation(ctx), timeouts(ctx.input()));
            case START_STACK -> failIfAny("start the cluster stack", FanOut.each(agents(s), AgentGateway::startStack));
            case ATTACH_REPOSITORY -> failIfAny("attach the repository",
                    FanOut.each(agents(s), a -> a.attachRepository(s.repository())));
            case WAIT_LIVE -> {
                if (!s.members().isEmpty()) {
                    LiveWait.until(agents(s), s.numbers(), liveTimeout, pollInterval, ctx);
                }
            }
            default -> throw new StepFailedException("unknown step " + step);
        }
    }

    private void validate(Situation s, JobContext ctx) throws StepFailedException, InterruptedException {
        O2cbTimeouts wanted = timeouts(ctx.input());
        if (wanted.equals(s.pool().timeouts())) {
            throw new StepFailedException("pool " + s.pool().name() + " already has " + describe(wanted));
        }
        var facts = FanOut.all(agents(s), AgentGateway::facts);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            var f = facts.get(i);
            String server = "server " + s.members().get(i).name();
            if (!f.ok()) {
                problems.add(server + " cannot be reached (" + f.message() + "): every node must take the new"
                        + " timeouts at once; bring its agent back, then retry");
            } else if (!f.value().runningVms().isEmpty()) {
                problems.add(server + " runs VMs " + f.value().runningVms() + ": stop or migrate them first,"
                        + " because every node stops heartbeating and unmounts the repository during the change");
            }
        }
        if (!problems.isEmpty()) {
            throw new StepFailedException("cannot change the timeouts of pool " + s.pool().name() + "; nothing was "
                    + "changed: " + String.join("; ", problems));
        }
        ctx.note("pool " + s.pool().name() + ": " + describe(s.pool().timeouts()) + " -> " + describe(wanted) + " on "
                + s.members().size() + " servers, none running VMs");
    }

    private void allocate(Situation s, JobContext ctx) {
        if (ctx.state().has("generation")) {
            return;
        }
        long g = ctx.store().jdbi().inTransaction(h -> ctx.store().pools().reserveGeneration(h, s.pool().id()));
        ctx.state().put("previous_generation", s.pool().generation());
        ctx.state().set("previous_timeouts", input(ctx.json(), s.pool().timeouts()));
        ctx.state().put("generation", g);
        ctx.note("generation " + g);
    }

    /** Commits generation {@code g} (carrying {@code t}) on every member, then records it and the timeouts. */
    private void commit(Situation s, JobContext ctx, long g, O2cbTimeouts t) throws StepFailedException,
            InterruptedException {
        failIfAny("commit generation " + g, FanOut.each(agents(s), a -> a.commit(g)));
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> {
            ctx.store().pools().setTimeouts(h, s.pool().id(), t);
            ctx.store().pools().setGeneration(h, s.pool().id(), g);
            s.members().forEach(m -> ctx.store().servers().setConfigGeneration(h, m.id(), g, now));
        });
        ctx.note("generation " + g + " (" + describe(t) + ") committed on " + s.members().size() + " servers");
    }

    @Override
    public void undo(String step, JobContext ctx) throws InterruptedException {
        Situation s = load(ctx);
        switch (step) {
            case STAGE -> report(ctx, "abort", FanOut.each(agents(s), a -> a.abort(generation(ctx))));
            case DETACH_REPOSITORY, ATTACH_REPOSITORY -> {
                // the stacks are stopped again before the commit is undone, and started before the repository returns
                if (step.equals(ATTACH_REPOSITORY)) {
                    report(ctx, "detach", FanOut.each(agents(s), a -> a.detachRepository(s.repository())));
                } else {
                    report(ctx, "attach", FanOut.each(agents(s), a -> {
                        a.attachRepository(s.repository());
                    }));
                }
            }
            case START_STACK -> report(ctx, "stop stack", FanOut.each(agents(s), AgentGateway::stopStack));
            case STOP_STACK -> report(ctx, "start stack", FanOut.each(agents(s), AgentGateway::startStack));
            case COMMIT -> restore(s, ctx);
            default -> { } // validate, allocate (a reserved number is never reused), wait_live
        }
    }

    /** Agents only move forward: the previous timeouts go back as a newer generation, and the pool records it. */
    private void restore(Situation s, JobContext ctx) throws InterruptedException {
        if (!ctx.state().has("restore_generation")) {
            ctx.state().put("restore_generation", (long) ctx.store().jdbi().<Long, RuntimeException>inTransaction(h ->
                    ctx.store().pools().reserveGeneration(h, s.pool().id())));
            ctx.saveState();
        }
        long r = ctx.state().path("restore_generation").asLong();
        O2cbTimeouts previous = timeouts((ObjectNode) ctx.state().path("previous_timeouts"));
        ConfigBundle bundle = bundle(s, previous, r);
        var outcomes = FanOut.each(agents(s), a -> {
            a.stage(bundle);
            a.commit(r);
        });
        report(ctx, "restore " + describe(previous) + " as generation " + r, outcomes);
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> {
            ctx.store().pools().setTimeouts(h, s.pool().id(), previous);
            ctx.store().pools().setGeneration(h, s.pool().id(), r);
            for (int i = 0; i < s.members().size(); i++) {
                if (outcomes.get(i).ok()) {
                    ctx.store().servers().setConfigGeneration(h, s.members().get(i).id(), r, now);
                }
            }
        });
    }

    @Override
    public void succeeded(JobContext ctx) {
        Situation s = load(ctx);
        ctx.store().events().append("pool.timeouts", s.pool().id(), null, ctx.jobId(), "pool " + s.pool().name()
                + " runs with " + describe(s.pool().timeouts()) + " (generation " + s.pool().generation() + ")");
    }

    @Override
    public void failed(JobContext ctx, String step, String reason) {
        Situation s = load(ctx);
        ctx.store().events().append("pool.timeouts", s.pool().id(), null, ctx.jobId(), "pool " + s.pool().name()
                + " keeps " + describe(s.pool().timeouts()) + ": the change failed at step " + step + ": " + reason);
    }

    @Override
    public void prepareRetry(org.jdbi.v3.core.Handle h, JobContext failed) {
        // nothing to reset: the pool kept its timeouts
    }

    public static String describe(O2cbTimeouts t) {
        return "heartbeat_dead_threshold " + t.heartbeatDeadThreshold() + ", idle_timeout_ms " + t.idleTimeoutMs()
                + ", keepalive_delay_ms " + t.keepaliveDelayMs() + ", reconnect_delay_ms " + t.reconnectDelayMs();
    }

    private static ConfigBundle bundle(Situation s, O2cbTimeouts t, long generation) {
        return ConfigBundles.bundle(s.pool().withTimeouts(t), s.spec(), generation);
    }

    private static long generation(JobContext ctx) {
        return ctx.state().path("generation").asLong();
    }

    private static <T> void failIfAny(String what, List<FanOut.Outcome<T>> outcomes) throws StepFailedException {
        List<FanOut.Outcome<T>> failed = outcomes.stream().filter(o -> !o.ok()).toList();
        if (failed.isEmpty()) {
            return;
        }
        String message = what + " failed on " + failed.size() + " of " + outcomes.size() + " servers: "
                + String.join("; ", failed.stream().map(FanOut.Outcome::message).toList());
        if (failed.stream().allMatch(o -> o.failure() instanceof AgentException e && e.isTransient())) {
            throw new AgentException(failed.getFirst().server(), message, true);
        }
        throw new StepFailedException(message);
    }

    private static void report(JobContext ctx, String what, List<FanOut.Outcome<Void>> outcomes) {
        long ok = outcomes.stream().filter(FanOut.Outcome::ok).count();
        ctx.note(what + " on " + ok + " of " + outcomes.size() + " servers");
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> ctx.note(what + " failed: " + o.message()));
    }
}

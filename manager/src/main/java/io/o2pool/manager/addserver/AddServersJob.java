package io.o2pool.manager.addserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.LiveWait;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.RepositoryStatus;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.ConfigBundles;
import io.o2pool.manager.planner.NodeNumbers;
import io.o2pool.manager.planner.NodeSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Add Server job (and batch add: several servers, one generation): validate, preflight everything, allocate the
 * lowest free node numbers, stage generation g+1 on every member and newcomer, commit everywhere, prepare the
 * repository (first server only), start the newcomers' stacks, attach and verify the repository, and wait until every
 * node sees every node live. Any failure undoes the earlier steps (abort, restore the previous bytes as a newer generation, stop, detach) so no node keeps a
 * changed configuration; newcomers end ERROR with the step and reason, or ACTIVE.
 */
public final class AddServersJob implements JobHandler {
    public static final String VALIDATE = "validate";
    public static final String PREFLIGHT = "preflight";
    public static final String ALLOCATE = "allocate";
    public static final String STAGE = "stage";
    public static final String COMMIT = "commit";
    public static final String PREPARE_REPOSITORY = "prepare_repository";
    public static final String START_STACK = "start_stack";
    public static final String ATTACH_REPOSITORY = "attach_repository";
    public static final String WAIT_LIVE = "wait_live";
    static final List<String> STEPS = List.of(VALIDATE, PREFLIGHT, ALLOCATE, STAGE, COMMIT, START_STACK,
            PREPARE_REPOSITORY, ATTACH_REPOSITORY, WAIT_LIVE);

    private final JobKind kind;
    private final AgentConnector connector;
    private final AddServerSettings settings;

    public AddServersJob(JobKind kind, AgentConnector connector, AddServerSettings settings) {
        if (kind != JobKind.ADD_SERVER && kind != JobKind.BATCH_ADD) {
            throw new IllegalArgumentException("AddServersJob handles ADD_SERVER and BATCH_ADD, not " + kind);
        }
        this.kind = kind;
        this.connector = connector;
        this.settings = settings;
    }

    /** The job input: the ids of the servers (already stored ADDING) to add. */
    public static ObjectNode input(com.fasterxml.jackson.databind.ObjectMapper json, List<Long> serverIds) {
        ObjectNode input = json.createObjectNode();
        ArrayNode ids = input.putArray("server_ids");
        serverIds.forEach(ids::add);
        return input;
    }

    @Override
    public JobKind kind() {
        return kind;
    }

    @Override
    public List<String> steps(ObjectNode input) {
        return STEPS;
    }

    @Override
    public void run(String step, JobContext ctx) throws StepFailedException, InterruptedException {
        PoolSituation situation = PoolSituation.load(ctx.store(), ctx.poolId(), newcomerIds(ctx));
        switch (step) {
            case VALIDATE -> validate(situation, ctx);
            case PREFLIGHT -> preflight(situation, ctx);
            case ALLOCATE -> allocate(situation, ctx);
            case STAGE -> stage(situation, ctx);
            case COMMIT -> commit(situation, ctx);
            case PREPARE_REPOSITORY -> prepareRepository(situation, ctx);
            case START_STACK -> startStack(situation, ctx);
            case ATTACH_REPOSITORY -> attachRepository(situation, ctx);
            case WAIT_LIVE -> waitLive(situation, ctx);
            default -> throw new StepFailedException("unknown step " + step);
        }
    }

    @Override
    public void undo(String step, JobContext ctx) throws InterruptedException {
        PoolSituation situation = PoolSituation.load(ctx.store(), ctx.poolId(), newcomerIds(ctx));
        switch (step) {
            case ALLOCATE -> release(situation, ctx);
            case STAGE -> report(ctx, "abort", FanOut.each(situation.allGateways(connector),
                    a -> a.abort(generation(ctx))));
            case COMMIT -> uncommit(situation, ctx);
            case START_STACK -> report(ctx, "stop stack", FanOut.each(situation.newcomerGateways(connector),
                    AgentGateway::stopStack));
            case ATTACH_REPOSITORY -> report(ctx, "detach", FanOut.each(situation.newcomerGateways(connector),
                    a -> a.detachRepository(situation.repository())));
            default -> { } // validate, preflight, prepare_repository (cluster mode is harmless), wait_live: nothing
        }
    }

    private void validate(PoolSituation s, JobContext ctx) throws StepFailedException {
        Set<Long> wanted = newcomerIds(ctx);
        if (s.newcomers().size() != wanted.size()) {
            throw new StepFailedException("servers " + wanted + " are not all in pool " + s.pool().name());
        }
        for (Server n : s.newcomers()) {
            if (n.status() != ServerStatus.ADDING) {
                throw new StepFailedException("server " + n.name() + " is " + n.status() + ", not ADDING");
            }
        }
        int limit = Math.min(s.pool().maxNodes(), ClusterSpec.MAX_NODE_NUMBER + 1);
        if (s.members().size() + s.newcomers().size() > limit) {
            throw new StepFailedException("pool " + s.pool().name() + " has " + s.members().size() + " nodes; adding "
                    + s.newcomers().size() + " exceeds its limit of " + limit + " (max_nodes)");
        }
        ctx.note("pool " + s.pool().name() + ": " + s.members().size() + " members, adding "
                + s.newcomers().stream().map(Server::name).toList());
    }

    private void preflight(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        var result = new AddServerPreflight(connector).run(s);
        ArrayNode findings = ctx.state().putArray("findings");
        for (Finding f : result.findings()) {
            findings.add(ctx.json().valueToTree(f));
            ctx.note(f.toString());
        }
        ObjectNode identities = ctx.state().putObject("identities");
        Instant now = ctx.clock().instant();
        for (var id : result.identities().values()) {
            ObjectNode node = identities.putObject(Long.toString(id.serverId()));
            node.put("node_name", id.nodeName());
            node.put("ip_address", id.ipAddress());
            Server server = s.newcomers().stream().filter(x -> x.id() == id.serverId()).findFirst().orElseThrow();
            if (server.agentFingerprint() == null && id.fingerprint() != null) {
                ctx.store().jdbi().useHandle(h -> ctx.store().servers().setFingerprint(h, id.serverId(),
                        id.fingerprint(), now));
                ctx.note("pinned the certificate of " + server.name() + ": " + id.fingerprint());
            }
        }
        ObjectNode modes = ctx.state().putObject("repository_modes");
        result.repositoryModes().forEach((id, mode) -> modes.put(Long.toString(id), mode));
        ctx.state().put("creating_cluster", s.creatingCluster());
        List<Finding> errors = result.errors();
        if (!errors.isEmpty()) {
            throw new StepFailedException("preflight found " + errors.size() + " error(s); nothing was changed: "
                    + String.join("; ", errors.stream().map(Finding::toString).toList()));
        }
    }

    private void allocate(PoolSituation s, JobContext ctx) throws StepFailedException {
        if (ctx.state().has("generation")) {
            return; // already allocated before a restart
        }
        Set<Integer> used = new HashSet<>(s.currentSpec().numbers());
        Map<Long, Integer> numbers = new TreeMap<>();
        for (Server n : s.newcomers()) {
            var free = NodeNumbers.lowestFree(used, s.pool().maxNodes());
            if (free.isEmpty()) {
                throw new StepFailedException("pool " + s.pool().name() + " has no free node number");
            }
            used.add(free.getAsInt());
            numbers.put(n.id(), free.getAsInt());
        }
        Instant now = ctx.clock().instant();
        long generation = ctx.store().jdbi().inTransaction(h -> {
            for (Server n : s.newcomers()) {
                JsonNode id = ctx.state().path("identities").path(Long.toString(n.id()));
                ctx.store().servers().setNode(h, n.id(), numbers.get(n.id()), id.path("node_name").asText(),
                        id.path("ip_address").asText(), now);
            }
            return ctx.store().pools().reserveGeneration(h, s.pool().id());
        });
        ctx.state().put("previous_generation", s.pool().generation());
        ctx.state().put("generation", generation);
        ctx.note("generation " + generation + "; node numbers " + numbers);
    }

    private void release(PoolSituation s, JobContext ctx) {
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useHandle(h -> s.newcomers().forEach(n ->
                ctx.store().servers().setNode(h, n.id(), null, n.nodeName(), n.ipAddress(), now)));
        ctx.note("released node numbers");
    }

    /** The cluster this job creates: the members and the newcomers, as the store has them after allocate. */
    private static ClusterSpec desired(PoolSituation s) {
        ClusterSpec desired = s.currentSpec();
        for (Server n : s.newcomers()) {
            desired = desired.with(new NodeSpec(n.name(), n.nodeNumber(), n.nodeName(), n.ipAddress()));
        }
        return desired;
    }

    private void stage(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        ConfigBundle bundle = ConfigBundles.bundle(s.pool(), desired(s), generation(ctx));
        var outcomes = FanOut.each(s.allGateways(connector), a -> a.stage(bundle));
        failIfAny("stage generation " + bundle.generation(), outcomes, ctx);
        ctx.note("staged generation " + bundle.generation() + " (checksum " + bundle.checksum() + ") on "
                + outcomes.size() + " servers");
    }

    private void commit(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        long g = generation(ctx);
        failIfAny("commit generation " + g, FanOut.each(s.memberGateways(connector), a -> a.commit(g)), ctx);
        failIfAny("commit generation " + g, FanOut.each(s.newcomerGateways(connector), a -> a.commit(g)), ctx);
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> {
            ctx.store().pools().setGeneration(h, s.pool().id(), g);
            for (Server m : s.members()) {
                ctx.store().servers().setConfigGeneration(h, m.id(), g, now);
            }
            for (Server n : s.newcomers()) {
                ctx.store().servers().setConfigGeneration(h, n.id(), g, now);
            }
        });
        ctx.note("generation " + g + " committed on " + (s.members().size() + s.newcomers().size()) + " servers");
    }

    /**
     * Undoes a (partial) commit. Agents only move forward, so every member stages and commits a new generation holding
     * the previous bytes, and the pool records it; newcomers keep the files of the abandoned generation, inert because
     * their stack is stopped and no member lists them. A member that cannot be reached stays behind and shows as drift.
     */
    private void uncommit(PoolSituation s, JobContext ctx) throws InterruptedException {
        long previous = ctx.state().path("previous_generation").asLong();
        Instant now = ctx.clock().instant();
        if (s.members().isEmpty()) {
            ctx.store().jdbi().useTransaction(h -> {
                ctx.store().pools().setGeneration(h, s.pool().id(), previous);
                s.newcomers().forEach(n -> ctx.store().servers().setConfigGeneration(h, n.id(), 0, now));
            });
            return;
        }
        if (!ctx.state().has("restore_generation")) {
            ctx.state().put("restore_generation", (long) ctx.store().jdbi().<Long, RuntimeException>inTransaction(h ->
                    ctx.store().pools().reserveGeneration(h, s.pool().id())));
            ctx.saveState();
        }
        long r = ctx.state().path("restore_generation").asLong();
        ConfigBundle restore = ConfigBundles.bundle(s.pool(), s.currentSpec(), r);
        var outcomes = FanOut.each(s.memberGateways(connector), a -> {
            a.stage(restore);
            a.commit(r);
        });
        report(ctx, "restore generation " + previous + "'s configuration as generation " + r, outcomes);
        ctx.store().jdbi().useTransaction(h -> {
            ctx.store().pools().setGeneration(h, s.pool().id(), r);
            for (int i = 0; i < s.members().size(); i++) {
                if (outcomes.get(i).ok()) {
                    ctx.store().servers().setConfigGeneration(h, s.members().get(i).id(), r, now);
                }
            }
            s.newcomers().forEach(n -> ctx.store().servers().setConfigGeneration(h, n.id(), 0, now));
        });
    }

    private void prepareRepository(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        if (!ctx.state().path("creating_cluster").asBoolean() || s.pool().repositoryType() != RepositoryType.OCFS2) {
            ctx.note("nothing to do: the repository is already in cluster mode or not OCFS2");
            return;
        }
        Server first = s.newcomers().getFirst();
        String mode = ctx.state().path("repository_modes").path(Long.toString(first.id())).asText("null");
        if (!"local".equalsIgnoreCase(mode)) {
            ctx.note("repository mode on " + first.name() + " is " + mode + "; no conversion needed");
            return;
        }
        AgentGateway agent = PoolSituation.connect(connector, first);
        agent.detachRepository(s.repository()); // tunefs.ocfs2 -M cluster needs the volume unmounted, o2cb online
        agent.convertRepositoryToCluster(s.repository(), s.pool().maxNodes());
        ctx.note("converted " + s.pool().repositoryPath() + " to cluster mode with " + s.pool().maxNodes()
                + " slots on " + first.name());
    }

    /**
     * Starts the newcomers' stacks, and any member's whose agent restarted with its stack offline (idempotent: a
     * running stack is left alone), so every node can vouch for every other in wait_live.
     */
    private void startStack(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        failIfAny("start the cluster stack", FanOut.each(s.allGateways(connector), AgentGateway::startStack), ctx);
    }

    /** Attaches the repository on the newcomers and, idempotently, on every member; verifies UUID and mode on all. */
    private void attachRepository(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        List<AgentGateway> agents = s.allGateways(connector);
        var outcomes = FanOut.all(agents, a -> a.attachRepository(s.repository()));
        failIfAny("attach the repository", outcomes, ctx);
        String expectedUuid = s.pool().repositoryUuid();
        List<String> problems = new ArrayList<>();
        for (var o : outcomes) {
            RepositoryStatus st = o.value();
            if (expectedUuid == null && st.uuid() != null) {
                expectedUuid = st.uuid();
                String learned = expectedUuid;
                ctx.store().jdbi().useHandle(h -> ctx.store().pools().setRepositoryUuid(h, s.pool().id(), learned));
                ctx.note("pool repository UUID learned from " + o.server() + ": " + learned);
            }
            if (!io.o2pool.manager.model.Pool.sameUuid(st.uuid(), expectedUuid)) {
                problems.add(o.server() + ": mounted UUID " + st.uuid() + ", pool expects " + expectedUuid);
            }
            if (s.pool().repositoryType() == RepositoryType.OCFS2) {
                boolean hbLocal = s.pool().heartbeatMode() == HeartbeatMode.LOCAL;
                if (!st.clusterMode() || (hbLocal && !st.mountOptions().contains("heartbeat=local"))) {
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

    private void waitLive(PoolSituation s, JobContext ctx) throws StepFailedException, InterruptedException {
        Set<Integer> expected = new LinkedHashSet<>(s.currentSpec().numbers());
        s.newcomers().forEach(n -> expected.add(n.nodeNumber()));
        LiveWait.until(s.allGateways(connector), expected, settings.liveTimeout(), settings.pollInterval(), ctx);
    }

    @Override
    public void succeeded(JobContext ctx) {
        PoolSituation s = PoolSituation.load(ctx.store(), ctx.poolId(), newcomerIds(ctx));
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> s.newcomers().forEach(n ->
                ctx.store().servers().setStatus(h, n.id(), ServerStatus.ACTIVE, null, null, now)));
        for (Server n : s.newcomers()) {
            ctx.store().events().append("server.status", s.pool().id(), n.id(), ctx.jobId(), "server " + n.name()
                    + " is ACTIVE as node " + n.nodeNumber() + " of pool " + s.pool().name());
        }
    }

    @Override
    public void failed(JobContext ctx, String step, String reason) {
        PoolSituation s = PoolSituation.load(ctx.store(), ctx.poolId(), newcomerIds(ctx));
        Instant now = ctx.clock().instant();
        ctx.store().jdbi().useTransaction(h -> s.newcomers().forEach(n ->
                ctx.store().servers().setStatus(h, n.id(), ServerStatus.ERROR, step, reason, now)));
        for (Server n : s.newcomers()) {
            ctx.store().events().append("server.status", s.pool().id(), n.id(), ctx.jobId(),
                    "server " + n.name() + " is ERROR at step " + step + ": " + reason);
        }
    }

    @Override
    public void prepareRetry(org.jdbi.v3.core.Handle h, JobContext failed) {
        Instant now = failed.clock().instant();
        for (long id : newcomerIds(failed)) {
            failed.store().servers().setStatus(h, id, ServerStatus.ADDING, null, null, now);
        }
    }

    static Set<Long> newcomerIds(JobContext ctx) {
        Set<Long> ids = new LinkedHashSet<>();
        ctx.input().path("server_ids").forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    private static long generation(JobContext ctx) {
        return ctx.state().path("generation").asLong();
    }

    /**
     * Fails the step if any server failed: with a transient {@link AgentException} (the engine retries the whole,
     * idempotent step) when every failure was transient, else permanently.
     */
    private static <T> void failIfAny(String what, List<FanOut.Outcome<T>> outcomes, JobContext ctx)
            throws StepFailedException {
        List<FanOut.Outcome<T>> failed = outcomes.stream().filter(o -> !o.ok()).toList();
        if (failed.isEmpty()) {
            return;
        }
        String message = what + " failed on " + failed.size() + " of " + outcomes.size() + " servers: "
                + String.join("; ", failed.stream().map(FanOut.Outcome::message).toList());
        boolean allTransient = failed.stream().allMatch(o -> o.failure() instanceof AgentException e
                && e.isTransient());
        if (allTransient) {
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

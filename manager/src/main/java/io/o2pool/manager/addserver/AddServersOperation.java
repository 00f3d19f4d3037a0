package io.o2pool.manager.addserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.change.ChangeOperation;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.planner.ClusterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Add Server and batch add (several servers, one generation): the newcomers are stored ADDING by the API; planning
 * runs every check ({@link AddServerPreflight}) and {@link AddServerPlanner}; the newcomers end ACTIVE, or ERROR with
 * the failed step and reason after every change was undone.
 */
public final class AddServersOperation extends ChangeOperation {
    private final AddServerSettings settings;

    public AddServersOperation(JobKind kind, PoolAgents agents, AddServerSettings settings) {
        if (kind != JobKind.ADD_SERVER && kind != JobKind.BATCH_ADD) {
            throw new IllegalArgumentException("AddServersOperation handles ADD_SERVER and BATCH_ADD, not " + kind);
        }
        super(kind, AddServerStep.class, agents);
        this.settings = settings;
    }

    /** The job input: the ids of the servers (already stored ADDING) to add. */
    public static ObjectNode input(ObjectMapper json, List<Long> serverIds) {
        return input(json, serverIds, false);
    }

    /** The job input with {@code growSlots}: raise the volume's node slots when the pool outgrows them. */
    public static ObjectNode input(ObjectMapper json, List<Long> serverIds, boolean growSlots) {
        ObjectNode input = json.createObjectNode();
        ArrayNode ids = input.putArray("server_ids");
        serverIds.forEach(ids::add);
        if (growSlots) {
            input.put("grow_slots", true);
        }
        return input;
    }

    @Override
    public ChangePlan plan(JobContext ctx) throws InterruptedException {
        Set<Long> ids = newcomerIds(ctx);
        PoolState state = PoolState.load(ctx.store(), ctx.poolId(), ids);
        List<Server> newcomers = ctx.store().servers().listByPool(ctx.poolId()).stream()
                .filter(s -> ids.contains(s.id())).toList();
        List<Finding> validation = new ArrayList<>();
        if (newcomers.size() != ids.size()) {
            validation.add(Finding.error("server.missing", "-", "servers " + ids + " are not all in pool "
                    + state.pool().name(), "add the servers again"));
        }
        for (Server n : newcomers) {
            if (n.status() != ServerStatus.ADDING) {
                validation.add(Finding.error("server.status", n.name(), "server " + n.name() + " is " + n.status()
                        + ", not ADDING", "retry the failed job or remove the server"));
            }
        }
        var result = plan(state, newcomers, validation, ctx.input().path("grow_slots").asBoolean(false));
        ObjectNode fingerprints = ctx.state().putObject("fingerprints");
        result.fingerprints().forEach((id, fingerprint) -> fingerprints.put(Long.toString(id), fingerprint));
        return result.plan();
    }

    /**
     * What planning found and planned, with the certificate fingerprint each newcomer's agent showed, by id, and the
     * connectivity matrix on the o2net port (every direction probed).
     */
    public record Planned(ChangePlan plan, java.util.Map<Long, String> fingerprints,
                          List<ConnectivityMatrix.Link> matrix) {
    }

    /**
     * Plans adding {@code newcomers} (stored or, for a dry run, not: ids need only be distinct) to the pool in
     * {@code state}: reads every agent, changes nothing.
     */
    public Planned plan(PoolState state, List<Server> newcomers, List<Finding> validation)
            throws InterruptedException {
        return plan(state, newcomers, validation, false);
    }

    /** As above; {@code growSlots}: a volume short of node slots is grown by a planned step, not refused. */
    public Planned plan(PoolState state, List<Server> newcomers, List<Finding> validation, boolean growSlots)
            throws InterruptedException {
        List<Finding> checks = new ArrayList<>(validation);
        int limit = Math.min(state.pool().maxNodes(), ClusterSpec.MAX_NODE_NUMBER + 1);
        if (state.members().size() + newcomers.size() > limit) {
            checks.add(Finding.error("pool.full", newcomers.isEmpty() ? "-" : newcomers.getFirst().name(), "pool "
                    + state.pool().name() + " has " + state.members().size() + " nodes; adding " + newcomers.size()
                    + " exceeds its limit of " + limit + " (max_nodes)", "remove servers or raise max_nodes"));
        }
        var preflight = new AddServerPreflight(agents).run(state, newcomers);
        return new Planned(AddServerPlanner.plan(kind(), state, newcomers, preflight, checks, settings.liveTimeout(),
                growSlots), fingerprints(preflight), preflight.matrix());
    }

    private static java.util.Map<Long, String> fingerprints(AddServerPreflight.Result preflight) {
        java.util.Map<Long, String> fingerprints = new java.util.TreeMap<>();
        preflight.identities().forEach((id, identity) -> {
            if (identity.fingerprint() != null) {
                fingerprints.put(id, identity.fingerprint());
            }
        });
        return fingerprints;
    }

    /** Pins each newcomer's certificate as the preflight saw it (trust on first use, as Test Connection showed). */
    @Override
    public void planned(JobContext ctx, ChangePlan plan) {
        Instant now = ctx.clock().instant();
        JsonNode fingerprints = ctx.state().path("fingerprints");
        for (Server n : newcomers(ctx)) {
            String seen = fingerprints.path(Long.toString(n.id())).asText(null);
            if (n.agentFingerprint() == null && seen != null) {
                ctx.store().jdbi().useHandle(h -> ctx.store().servers().setFingerprint(h, n.id(), seen, now));
                ctx.note("pinned the certificate of " + n.name() + ": " + seen);
            }
        }
    }

    @Override
    public void succeeded(JobContext ctx, ChangePlan plan) {
        Instant now = ctx.clock().instant();
        List<Server> newcomers = newcomers(ctx);
        ctx.store().jdbi().useTransaction(h -> newcomers.forEach(n ->
                ctx.store().servers().setStatus(h, n.id(), ServerStatus.ACTIVE, null, null, now)));
        for (Server n : newcomers(ctx)) {
            ctx.store().events().append("server.status", ctx.poolId(), n.id(), ctx.jobId(), "server " + n.name()
                    + " is ACTIVE as node " + n.nodeNumber() + " of pool " + plan.pool());
        }
    }

    @Override
    public void failed(JobContext ctx, ChangePlan plan, String step, String reason) {
        Instant now = ctx.clock().instant();
        List<Server> newcomers = newcomers(ctx);
        ctx.store().jdbi().useTransaction(h -> newcomers.forEach(n ->
                ctx.store().servers().setStatus(h, n.id(), ServerStatus.ERROR, step, reason, now)));
        for (Server n : newcomers) {
            ctx.store().events().append("server.status", ctx.poolId(), n.id(), ctx.jobId(),
                    "server " + n.name() + " is ERROR at step " + step + ": " + reason);
        }
    }

    @Override
    public void prepareRetry(Handle h, JobContext failed) {
        Instant now = failed.clock().instant();
        for (long id : newcomerIds(failed)) {
            failed.store().servers().setStatus(h, id, ServerStatus.ADDING, null, null, now);
        }
    }

    private static List<Server> newcomers(JobContext ctx) {
        Set<Long> ids = newcomerIds(ctx);
        return ctx.store().servers().listByPool(ctx.poolId()).stream().filter(s -> ids.contains(s.id())).toList();
    }

    static Set<Long> newcomerIds(JobContext ctx) {
        Set<Long> ids = new LinkedHashSet<>();
        ctx.input().path("server_ids").forEach(n -> ids.add(n.asLong()));
        return ids;
    }
}

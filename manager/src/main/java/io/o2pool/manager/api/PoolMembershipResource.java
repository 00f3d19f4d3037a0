package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.agents.StackStatus;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code GET /api/pools/{id}/membership}: the pool's membership matrix as every member's agent reports it now. Every
 * member (a server with a node number) is asked at once, each on its own virtual thread, for its membership view and
 * its repository mount mode; an agent that fails or does not answer within {@link #DEFAULT_TIMEOUT} gives a view
 * with {@code error} and nothing else. Changes nothing.
 */
public final class PoolMembershipResource implements ApiResource {
    /** How long the request waits for all agents together: the matrix is for a person looking at a page. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final ApiDeps deps;
    private final Duration timeout;

    public PoolMembershipResource(ApiDeps deps) {
        this(deps, DEFAULT_TIMEOUT);
    }

    PoolMembershipResource(ApiDeps deps, Duration timeout) {
        this.deps = deps;
        this.timeout = timeout;
    }

    /** The pool's matrix: one view per member, in node-number order. */
    public record PoolMembership(long poolId, long generation, Instant polledAt, List<NodeView> views) {
    }

    /**
     * One member's view: its node, then either {@code error} (the agent failed or did not answer) or what it sees: the
     * generation its stack runs, the stack state, the node numbers configured, live and connected (sorted).
     */
    public record NodeView(long serverId, String name, Integer nodeNumber, String error, Long generation,
                           StackStatus stack, List<Integer> configuredNodes, List<Integer> liveNodes,
                           List<Integer> connectedNodes, String repositoryMountMode) {
        static NodeView of(Server s, Membership m, String mountMode) {
            return new NodeView(s.id(), s.name(), s.nodeNumber(), null, m.generation(), m.stack(),
                    sorted(m.configuredNodes()), sorted(m.liveNodes()), sorted(m.connectedNodes()), mountMode);
        }

        static NodeView failed(Server s, String error) {
            return new NodeView(s.id(), s.name(), s.nodeNumber(), error, null, null, List.of(), List.of(), List.of(),
                    null);
        }

        private static List<Integer> sorted(Collection<Integer> nodes) {
            return nodes.stream().sorted().toList();
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/pools/{id}/membership", this::get);
    }

    private void get(Context ctx) throws InterruptedException {
        long id = PathIds.id(ctx);
        Pool pool = deps.store().pools().find(id).orElseThrow(() -> ApiException.notFound("no pool " + id));
        List<Server> members = deps.store().servers().listByPool(id).stream().filter(s -> s.nodeNumber() != null)
                .sorted(java.util.Comparator.comparing(Server::nodeNumber)).toList();
        ctx.json(new PoolMembership(pool.id(), pool.generation(), deps.clock().instant(), poll(members)));
    }

    /** Asks every member at once; waits at most {@link #timeout} for all of them together. */
    private List<NodeView> poll(List<Server> members) throws InterruptedException {
        var outcomes = FanOut.within(new PoolAgents(deps.agents()).connect(members),
                agent -> new Answer(agent.membership(), agent.facts()), timeout);
        List<NodeView> views = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) { // outcomes keep the members' order
            Server s = members.get(i);
            var o = outcomes.get(i);
            views.add(o.ok() ? NodeView.of(s, o.value().membership(), o.value().facts().repositoryMountMode())
                    : NodeView.failed(s, o.message()));
        }
        return views;
    }

    /** One member's answer: its membership view and its facts. */
    private record Answer(Membership membership, AgentFacts facts) {
    }
}

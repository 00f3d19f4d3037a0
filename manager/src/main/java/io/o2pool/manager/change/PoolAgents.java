package io.o2pool.manager.change;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.jobs.StepFailedException;
import io.o2pool.manager.model.Server;
import java.util.List;

/**
 * The mechanics every cluster change shares: connecting to a server's agent with its stored endpoint, and the one
 * rule for fan-out failures — when every failing server failed transiently (no answer, 5xx) the step fails with a
 * transient {@link AgentException} and the job engine retries the whole idempotent step with backoff; any permanent
 * failure (a refusal) stops the step at once. Errors name every failing server and what failed there.
 */
public final class PoolAgents {
    private final AgentConnector connector;

    public PoolAgents(AgentConnector connector) {
        this.connector = connector;
    }

    /** A gateway to {@code server}'s agent, with its password and pinned certificate. */
    public AgentGateway connect(Server server) {
        return connector.connect(server.name(), endpoint(server));
    }

    public List<AgentGateway> connect(List<Server> servers) {
        return servers.stream().map(this::connect).toList();
    }

    /** The endpoint the manager stores for {@code server}. */
    public static AgentEndpoint endpoint(Server server) {
        return new AgentEndpoint(server.host(), server.agentPort(), server.agentPassword(), server.agentFingerprint());
    }

    /**
     * Returns normally when every outcome succeeded; otherwise fails with every failing server's message, transient
     * (retried by the engine) when all failures were transient, else permanent.
     */
    public static <T> void require(String what, List<FanOut.Outcome<T>> outcomes) throws StepFailedException {
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
}

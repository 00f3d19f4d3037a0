package io.o2pool.manager.agents;

/**
 * Opens gateways to agents. The real one speaks HTTPS to the agent with the password and pins the certificate; tests
 * use scripted fakes. Implementations are thread-safe.
 */
public interface AgentConnector {

    /**
     * A gateway to the agent at {@code endpoint}, named {@code server} in messages. When the endpoint has a pinned
     * fingerprint, a different certificate is a permanent failure.
     */
    AgentGateway connect(String server, AgentEndpoint endpoint);
}

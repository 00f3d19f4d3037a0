package io.o2pool.manager.agents;

/**
 * A connector for builds without the agent client: every call fails permanently with a clear message. Replaced by the
 * HTTPS connector once the agent module's client is available.
 */
public final class UnavailableAgentConnector implements AgentConnector {
    @Override
    public AgentGateway connect(String server, AgentEndpoint endpoint) {
        return (AgentGateway) java.lang.reflect.Proxy.newProxyInstance(AgentGateway.class.getClassLoader(),
                new Class<?>[] {AgentGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("server")) {
                        return server;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(this, args);
                    }
                    throw new AgentException(server, "this manager build has no agent client (" + endpoint + ")",
                            false);
                });
    }
}

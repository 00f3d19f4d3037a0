package io.o2pool.cli.client;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentException;
import io.o2pool.manager.agents.AgentGateway;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manager's real HTTPS connector, with a fault a test switches on: the manager's calls to a cut-off server fail
 * at once as a refused connection would (transient), while the server itself, its stack and its peers run on.
 * Thread-safe.
 */
final class CuttableConnector implements AgentConnector {
    private final AgentConnector real;
    private final Set<String> cutOff = ConcurrentHashMap.newKeySet();

    CuttableConnector(AgentConnector real) {
        this.real = real;
    }

    /** The manager no longer reaches {@code server}'s agent. */
    void cutOff(String server) {
        cutOff.add(server);
    }

    /** The manager reaches {@code server}'s agent again. */
    void restore(String server) {
        cutOff.remove(server);
    }

    @Override
    public AgentGateway connect(String server, AgentEndpoint endpoint) {
        AgentGateway gateway = real.connect(server, endpoint);
        return (AgentGateway) Proxy.newProxyInstance(AgentGateway.class.getClassLoader(),
                new Class<?>[] {AgentGateway.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != Object.class && !method.getName().equals("server")
                            && cutOff.contains(server)) {
                        throw new AgentException(server, "connection refused (cut off by the test)", true);
                    }
                    try {
                        return method.invoke(gateway, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package io.o2pool.manager.ui;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentGateway;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AgentConnector} in front of another that can hold a call to an agent ({@code commit} by default) until the
 * test releases it, so an Add Server job stays ADDING, or a plan stays planning, for as long as the test needs to look
 * at the page. Thread-safe.
 */
final class GatedConnector implements AgentConnector {
    private static final long MAX_HOLD_SECONDS = 60;

    private final AgentConnector inner;
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, String> heldMethods = new ConcurrentHashMap<>();

    GatedConnector(AgentConnector inner) {
        this.inner = inner;
    }

    /** From now on, {@code commit} on the agent at {@code host} waits until {@link #release} (at most 60 s). */
    void hold(String host) {
        hold(host, "commit");
    }

    /** From now on, the agent call {@code method} (an {@link AgentGateway} method) on {@code host} waits likewise. */
    void hold(String host, String method) {
        heldMethods.put(host, method);
        gates.put(host, new CountDownLatch(1));
    }

    void release(String host) {
        heldMethods.remove(host);
        CountDownLatch gate = gates.remove(host);
        if (gate != null) {
            gate.countDown();
        }
    }

    void releaseAll() {
        gates.keySet().forEach(this::release);
    }

    @Override
    public AgentGateway connect(String server, AgentEndpoint endpoint) {
        AgentGateway gateway = inner.connect(server, endpoint);
        return (AgentGateway) Proxy.newProxyInstance(AgentGateway.class.getClassLoader(),
                new Class<?>[] {AgentGateway.class}, (proxy, method, args) -> {
                    CountDownLatch gate = gates.get(endpoint.host());
                    if (gate != null && method.getName().equals(heldMethods.get(endpoint.host()))) {
                        gate.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(gateway, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

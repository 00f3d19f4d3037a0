package io.o2pool.manager.agents;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A set of {@link FakeAgent}s reachable by host, acting as the manager's {@link AgentConnector} in unit tests: a wrong
 * password or a pinned fingerprint that differs fails permanently, an unknown host transiently (connection refused).
 */
public final class FakeFleet implements AgentConnector {
    public static final String PASSWORD = "agent-secret";
    public static final String UUID = "0123456789abcdef0123456789abcdef";

    private final Map<String, FakeAgent> byHost = new LinkedHashMap<>();
    private final java.util.Set<String> blocked = new java.util.HashSet<>();
    private Integer volumeSlots;

    /** The repository's VM definitions and ownership leases (VM → holder's host name). */
    private final java.util.Set<String> definitions = new java.util.HashSet<>();
    private final Map<String, String> leases = new java.util.HashMap<>();

    synchronized void define(String vm) {
        definitions.add(vm);
    }

    synchronized void undefine(String vm) {
        definitions.remove(vm);
        leases.remove(vm);
    }

    synchronized boolean defined(String vm) {
        return definitions.contains(vm);
    }

    /** The holder of {@code vm}'s lease, or null. */
    public synchronized String leaseHolder(String vm) {
        return leases.get(vm);
    }

    /** Takes {@code vm}'s lease for {@code taker} as the agent does: by the real {@code LeaseRule}, with its view. */
    synchronized void takeLease(String vm, FakeAgent taker) {
        String holder = leases.get(vm);
        var current = holder == null ? null
                : io.o2pool.agent.api.VmLease.held(vm, holder, 0, java.time.Instant.EPOCH);
        var verdict = io.o2pool.agent.api.LeaseRule.decide(current, taker.hostname,
                holder == null ? io.o2pool.agent.api.PeerLiveness.UNKNOWN : taker.liveness(holder));
        if (!verdict.granted()) {
            throw new AgentException(taker.hostname, verdict.message(), false,
                    new io.o2pool.agent.client.AgentClientException(409, new io.o2pool.agent.api.ApiError(
                            AgentException.LEASE, null, verdict.message()), verdict.message(), null));
        }
        leases.put(vm, taker.hostname);
    }

    synchronized void releaseLease(String vm, String holder) {
        leases.remove(vm, holder);
    }

    synchronized void handOver(String vm, String from, String to) {
        if (!from.equals(leases.get(vm))) {
            throw new AgentException(from, "VM " + vm + "'s lease is held by " + leases.get(vm), false);
        }
        leases.put(vm, to);
    }

    /** The shared OCFS2 volume's node slots as every agent's inspection reports them (null: not told). */
    public synchronized Integer volumeSlots() {
        return volumeSlots;
    }

    public synchronized void volumeSlots(Integer slots) {
        volumeSlots = slots;
    }

    /** A firewall drops TCP from cluster address {@code from} to cluster address {@code to} (one direction). */
    public synchronized void block(String from, String to) {
        blocked.add(from + ">" + to);
    }

    /** Lifts every block. */
    public synchronized void unblockAll() {
        blocked.clear();
    }

    /** Whether TCP from {@code from} to {@code to} is dropped. */
    public synchronized boolean blocked(String from, String to) {
        return blocked.contains(from + ">" + to);
    }

    /** Adds an agent on {@code host} whose host name is {@code hostname}, seeing the shared repository. */
    public synchronized FakeAgent add(String host, String hostname) {
        FakeAgent agent = new FakeAgent(this, host, hostname, PASSWORD, UUID);
        byHost.put(host, agent);
        return agent;
    }

    /** Adds an agent reached at {@code host:port} (several agents behind one address, e.g. port forwards to VMs). */
    public synchronized FakeAgent addAt(String host, int port, String hostname) {
        FakeAgent agent = new FakeAgent(this, host, hostname, PASSWORD, UUID);
        byHost.put(host + ":" + port, agent);
        return agent;
    }

    public synchronized FakeAgent at(String host) {
        return byHost.get(host);
    }

    synchronized FakeAgent byHostname(String hostname) {
        return byHost.values().stream().filter(a -> a.hostname.equals(hostname)).findFirst().orElse(null);
    }

    public synchronized Collection<FakeAgent> all() {
        return java.util.List.copyOf(byHost.values());
    }

    @Override
    public synchronized AgentGateway connect(String server, AgentEndpoint endpoint) {
        FakeAgent agent = byHost.getOrDefault(endpoint.host() + ":" + endpoint.port(), byHost.get(endpoint.host()));
        if (agent == null) {
            return failing(server, "connection refused by " + endpoint, true);
        }
        // the manager presents its certificate on every call: an enrolled agent accepts it, with or without a password
        if (!agent.enrolled() && !agent.password.equals(endpoint.password())) {
            return failing(server, "wrong agent password", false);
        }
        if (endpoint.pinnedFingerprint() != null && !endpoint.pinnedFingerprint().equals("fp-" + agent.hostname)) {
            return failing(server, "certificate fingerprint differs from the pinned " + endpoint.pinnedFingerprint(),
                    false);
        }
        return agent;
    }

    private static AgentGateway failing(String server, String why, boolean transientFailure) {
        return (AgentGateway) java.lang.reflect.Proxy.newProxyInstance(AgentGateway.class.getClassLoader(),
                new Class<?>[] {AgentGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("server")) {
                        return server;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "failing gateway " + server : null;
                    }
                    throw new AgentException(server, why, transientFailure);
                });
    }
}

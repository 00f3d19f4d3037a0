package io.o2pool.manager.agents;

import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.FingerprintProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects to real agents over HTTPS with {@link AgentClient}. A server without a pinned fingerprint is probed for the
 * certificate it presents (trust on first use, as Test Connection shows it); the Add Server preflight then pins it, and
 * every later connection refuses any other certificate. The client is created on the first call, so connecting never
 * fails by itself, and kept per pinned endpoint (host, port, password, fingerprint) so jobs that reconnect at every
 * step reuse one TLS client per agent. Thread-safe.
 */
public final class HttpsAgentConnector implements AgentConnector {
    private final Duration timeout;
    private final Map<AgentEndpoint, AgentClientGateway.Connected> clients = new ConcurrentHashMap<>();

    public HttpsAgentConnector(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public AgentGateway connect(String server, AgentEndpoint endpoint) {
        return new AgentClientGateway(server, () -> {
            AgentClientGateway.Connected cached = clients.get(endpoint);
            if (cached != null) {
                return cached;
            }
            AgentClientGateway.Connected fresh = open(server, endpoint);
            if (endpoint.pinnedFingerprint() != null) { // an unpinned endpoint probes afresh (TOFU each time)
                clients.put(endpoint, fresh);
            }
            return fresh;
        });
    }

    private AgentClientGateway.Connected open(String server, AgentEndpoint endpoint) {
        String fingerprint = endpoint.pinnedFingerprint();
        if (fingerprint == null) {
            try {
                fingerprint = FingerprintProbe.fingerprint(endpoint.host(), endpoint.port(), timeout);
            } catch (IOException e) {
                throw new AgentException(server, "cannot reach the agent at " + endpoint + ": " + e.getMessage(),
                        true, e);
            }
        }
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return new AgentClientGateway.Connected(new AgentClient("https://" + host + ":" + endpoint.port(),
                fingerprint, endpoint.password(), timeout), fingerprint);
    }
}

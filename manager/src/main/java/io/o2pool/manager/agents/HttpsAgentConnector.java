package io.o2pool.manager.agents;

import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.FingerprintProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import io.o2pool.manager.tls.ManagerIdentity;

/**
 * Connects to real agents over HTTPS with {@link AgentClient}. A server without a pinned fingerprint is probed for the
 * certificate it presents (trust on first use, as Test Connection shows it); the Add Server preflight then pins it, and
 * every later connection refuses any other certificate. The client is created on the first call, so connecting never
 * fails by itself, and kept per pinned endpoint (host, port, password, fingerprint) so jobs that reconnect at every
 * step reuse one TLS client per agent. Thread-safe.
 */
public final class HttpsAgentConnector implements AgentConnector {
    private final Duration timeout;
    private final KeyManager[] clientKeys;
    private final Map<AgentEndpoint, AgentClientGateway.Connected> clients = new ConcurrentHashMap<>();

    /**
     * Presents {@code clientKeys} (the manager's key pair) on every connection: the credential of every agent this
     * manager enrolled with; the agent password, while a server still has one, goes along for agents not enrolled yet.
     */
    public HttpsAgentConnector(Duration timeout, KeyManager[] clientKeys) {
        this.timeout = timeout;
        this.clientKeys = java.util.Objects.requireNonNull(clientKeys, "clientKeys");
    }

    /** A connector presenting the manager's own key pair ({@code DATA/tls}). */
    public static HttpsAgentConnector of(ManagerIdentity identity, Duration timeout) {
        return new HttpsAgentConnector(timeout, identity.tls().keyManagers());
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
                fingerprint, endpoint.password(), clientKeys, timeout), fingerprint);
    }
}

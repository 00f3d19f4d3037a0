package io.o2pool.manager.agents;

import java.util.Objects;

/**
 * How to reach one server's agent: its host and HTTPS port, the agent password (null once the manager enrolled with
 * the agent: it then authenticates with its client certificate alone), and the certificate fingerprint the manager
 * pinned at the first connection (null before that, when the connection pins what it sees).
 */
public record AgentEndpoint(String host, int port, String password, String pinnedFingerprint) {
    public AgentEndpoint {
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

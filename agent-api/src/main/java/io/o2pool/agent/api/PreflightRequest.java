package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/preflight}: the node as the manager intends to configure it ({@code nodeName},
 * {@code address}, {@code port}, {@code clusterName}), the peers' {@code ip:port} to test TCP reachability to,
 * whether the whole pool is loopback-local (the demo; only then may the address be 127.x), and the manager's clock
 * for the skew check (optional).
 */
public record PreflightRequest(String nodeName, String address, int port, String clusterName, List<String> peers,
        boolean loopbackPool, Instant managerTime) {
    public PreflightRequest {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }
}

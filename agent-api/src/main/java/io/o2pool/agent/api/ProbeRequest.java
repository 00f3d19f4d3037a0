package io.o2pool.agent.api;

/**
 * Body of {@code POST /v1/probe/listen}: open a temporary TCP listener on this node's cluster {@code address} and
 * {@code port} (1–65534) for {@code seconds} (1–300, default 30), so a peer's preflight can test reachability of this
 * node's {@code ip_port} before the cluster stack runs.
 */
public record ProbeRequest(String address, int port, int seconds) {
}

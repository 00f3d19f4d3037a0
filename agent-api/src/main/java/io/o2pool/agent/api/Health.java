package io.o2pool.agent.api;

/** Body of the unauthenticated {@code GET /health}: liveness, version, node name and the certificate fingerprint to pin. */
public record Health(String status, String version, String nodeName, String fingerprint) {
}

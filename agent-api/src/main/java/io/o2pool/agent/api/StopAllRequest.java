package io.o2pool.agent.api;

/** Body of {@code POST /v1/vms/stop-all}: how long each VM gets to shut down gracefully before it is forced off (1–3600 s). */
public record StopAllRequest(int timeoutSeconds) {
}

package io.o2pool.agent.api;

/** Body of {@code POST /v1/config/commit} and {@code /abort}: the generation meant, so a stale retry cannot commit a newer change. */
public record GenerationRequest(long generation) {
}

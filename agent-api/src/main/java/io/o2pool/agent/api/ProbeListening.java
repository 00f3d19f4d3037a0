package io.o2pool.agent.api;

import java.time.Instant;

/**
 * Answer of {@code POST /v1/probe/listen}: {@code address:port} accepts TCP connections until {@code until}
 * ({@code listening}), or is already served by this node's running cluster stack (not {@code listening}: peers test
 * the stack itself); {@code note} says which.
 */
public record ProbeListening(String address, int port, boolean listening, Instant until, String note) {
}

package io.o2pool.agent.api;

import java.time.Instant;

/**
 * One membership change of the cluster stack as {@code GET /v1/events} streams it (SSE event {@code cluster-event}):
 * when, on which node, about which peer, what ({@code node-up}, {@code node-down}, {@code connected},
 * {@code disconnected}, {@code fenced}) and why, in the stack's words.
 */
public record ClusterEvent(Instant time, String node, String peer, String event, String reason) {
}

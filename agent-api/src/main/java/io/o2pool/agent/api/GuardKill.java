package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * One act of a server's VM guard: the guests it SIGKILLed because the node's own heartbeat slot stood still (an agent
 * killed without fencing, a stalled heartbeat writer) — written by the guard when it acts, while the agent may be
 * dead, and served later by {@code GET /v1/vm-guard/kills}.
 *
 * @param time   when the guard killed them
 * @param node   the node whose slot the guard watched
 * @param guests the VM (domain) names killed; empty names are kept as the guard saw them
 * @param reason why, with the figures (how long the slot stood still, the guard bound, the dead bound)
 */
public record GuardKill(Instant time, String node, List<String> guests, String reason) {
    public GuardKill {
        guests = guests == null ? List.of() : List.copyOf(guests);
    }
}

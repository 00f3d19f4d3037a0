package io.o2pool.agent.api;

import java.util.List;

/**
 * Body of {@code GET /v1/vm-guard/kills?limit=N}: what this server's VM guard killed, newest first, at most N.
 *
 * @param node    this agent's node
 * @param guarded whether a guard watches this server (the userspace stack with {@code --vm-guard}); when not, the
 *                list can only hold kills from before
 * @param kills   newest first
 */
public record GuardKills(String node, boolean guarded, List<GuardKill> kills) {
    public GuardKills {
        kills = kills == null ? List.of() : List.copyOf(kills);
    }
}

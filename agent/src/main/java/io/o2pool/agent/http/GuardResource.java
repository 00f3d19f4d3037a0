package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.o2pool.agent.api.GuardKills;
import io.o2pool.agent.vm.guard.GuardKillLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/vm-guard/kills[?limit=N]}: what this server's VM guard killed, newest first, at most {@code limit}
 * (default {@value #DEFAULT_LIMIT}, 1 to {@value #MAX_LIMIT}) — read from the guard's own file, so kills made while
 * the agent was dead are there once it runs again. Lines the file cannot parse are logged with their line number.
 */
final class GuardResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Logger log = LoggerFactory.getLogger(GuardResource.class);
    private final GuardKillLog kills;
    private final String nodeName;
    private final boolean guarded;

    GuardResource(GuardKillLog kills, String nodeName, boolean guarded) {
        this.kills = kills;
        this.nodeName = nodeName;
        this.guarded = guarded;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/vm-guard/kills", ctx -> {
            GuardKillLog.Read read = kills.read(Validation.limit(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT));
            read.problems().forEach(p -> log.warn("VM guard record skipped: {}", p));
            ctx.json(new GuardKills(nodeName, guarded, read.kills()));
        });
    }
}

package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.stack.FenceHistory;
import io.o2pool.agent.stack.StackDriver;

/**
 * {@code GET /v1/fence[?node=NAME][&limit=N]}: the fence records of this agent's node (or, with {@code node}, of a
 * peer whose records share the repository, for a survivor to report a node that rebooted), newest first, at most
 * {@code limit} (default {@value #DEFAULT_LIMIT}, 1 to {@value FenceHistory#MAX_LIMIT}). The userspace stack reads
 * them from the shared repository; the kernel stack has none and says why in {@code note}.
 */
final class FenceResource {
    static final int DEFAULT_LIMIT = 20;
    private final StackDriver stack;
    private final String nodeName;

    FenceResource(StackDriver stack, String nodeName) {
        this.stack = stack;
        this.nodeName = nodeName;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/fence", this::records);
    }

    private void records(Context ctx) {
        String node = ctx.queryParam("node");
        if (node == null || node.isBlank()) {
            node = nodeName;
        } else if (!node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidInputException("node", "node must be a node name (letters, digits, '.', '_', '-', at "
                    + "most 64), not '" + node + "'");
        }
        int limit = Validation.limit(ctx.queryParam("limit"), DEFAULT_LIMIT, FenceHistory.MAX_LIMIT);
        ctx.json(stack.fenceRecords(node, limit));
    }
}

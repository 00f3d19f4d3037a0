package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the agent's exceptions to status codes and {@link ApiError} bodies: 400 with the field, 401, 404, 409, 500. */
final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(InvalidInputException.class, (e, ctx) -> {
            log.info("refused {} {}: field {}: {}", ctx.method(), ctx.path(), e.field(), e.getMessage());
            ctx.status(400).json(new ApiError("bad-request", e.field(), e.getMessage(),
                    e.line() > 0 ? e.line() : null, e.line() > 0 ? e.column() : null));
        });
        routes.exception(UnauthorizedException.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", "Basic realm=\"o2pool-agent\", charset=\"UTF-8\"");
            ctx.status(401).json(new ApiError("unauthorized", null, e.getMessage()));
        });
        routes.exception(ConflictException.class, (e, ctx) -> {
            log.info("conflict on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(409).json(new ApiError(e.code(), null, e.getMessage()));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal", null, String.valueOf(e.getMessage())));
        });
        // a resource's own 404 (an unknown VM, no previous generation) keeps its body
        routes.error(404, "*", ctx -> {
            if (ctx.resultInputStream() == null) {
                ctx.json(new ApiError("not-found", null, "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }
}

package io.o2pool.agent.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.o2pool.agent.auth.Authenticator;

/**
 * Lets {@code GET /health} through and requires the agent password (HTTP Basic) on every other path, known or not,
 * so an unauthenticated caller learns nothing about the API. Failures are logged by the {@link Authenticator}.
 */
final class AuthFilter implements Handler {
    private final Authenticator authenticator;

    AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.path().equals(HealthResource.PATH)) {
            return;
        }
        var outcome = authenticator.check(ctx.header("Authorization"), ctx.ip(), ctx.method() + " " + ctx.path());
        if (!outcome.accepted()) {
            throw new UnauthorizedException();
        }
    }
}

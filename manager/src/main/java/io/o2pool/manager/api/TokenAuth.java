package io.o2pool.manager.api;

import io.javalin.http.Context;
import io.o2pool.manager.model.User;
import io.o2pool.manager.store.UserStore;
import java.time.Clock;
import java.util.Set;

/**
 * Requires a valid bearer token on every {@code /api/} request except login and the OpenAPI document, and the role
 * {@link Access} names for the request (403 otherwise). The token comes from {@code Authorization: Bearer ...}, or from
 * {@code ?access_token=} for browsers' EventSource, which cannot set headers. The user (a {@link User}) and the token
 * are left on the request for the resources. Thread-safe.
 */
final class TokenAuth {
    static final String USER_ATTRIBUTE = "o2pool.user";
    static final String TOKEN_ATTRIBUTE = "o2pool.token";
    private static final Set<String> OPEN = Set.of("/api/login", "/api/openapi.json");

    private final UserStore users;
    private final Clock clock;

    TokenAuth(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    void check(Context ctx) {
        String path = ctx.path();
        if (!path.startsWith("/api/") || OPEN.contains(path)) {
            return;
        }
        String token = null;
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        } else if (ctx.queryParam("access_token") != null) {
            token = ctx.queryParam("access_token");
        }
        if (token == null || token.isEmpty()) {
            throw new ApiException(401, "authentication required: POST /api/login, then send Authorization: Bearer TOKEN",
                    java.util.List.of());
        }
        User user = users.userForToken(token, clock.instant()).orElseThrow(() ->
                new ApiException(401, "token unknown, expired or revoked; log in again", java.util.List.of()));
        Access.refusal(user, ctx.method().name(), path).ifPresent(why -> {
            throw new ApiException(403, why, java.util.List.of());
        });
        ctx.attribute(USER_ATTRIBUTE, user);
        ctx.attribute(TOKEN_ATTRIBUTE, token);
    }

    /** The authenticated user of a request that passed {@link #check}. */
    static User user(Context ctx) {
        User user = ctx.attribute(USER_ATTRIBUTE);
        if (user == null) {
            throw new IllegalStateException("no authenticated user on " + ctx.path());
        }
        return user;
    }

    /** The name of the request's user, as events and jobs record it. */
    static String userName(Context ctx) {
        return user(ctx).name();
    }
}

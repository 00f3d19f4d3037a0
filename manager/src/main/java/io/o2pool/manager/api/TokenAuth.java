package io.o2pool.manager.api;

import io.javalin.http.Context;
import io.o2pool.manager.store.UserStore;
import java.time.Clock;
import java.util.Set;

/**
 * Requires a valid bearer token on every {@code /api/} request except login and the OpenAPI document. The token comes
 * from {@code Authorization: Bearer ...}, or from {@code ?access_token=} for browsers' EventSource, which cannot set
 * headers. Thread-safe.
 */
final class TokenAuth {
    static final String USER_ATTRIBUTE = "o2pool.user";
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
        String user = users.userForToken(token, clock.instant()).orElseThrow(() ->
                new ApiException(401, "token unknown or expired; log in again", java.util.List.of()));
        ctx.attribute(USER_ATTRIBUTE, user);
    }
}

package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** {@code POST /api/login}: exchanges a user name and password for a bearer token. */
public final class LoginResource implements ApiResource {
    private final ApiDeps deps;

    public LoginResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** The token and when it stops working. */
    public record TokenResponse(String token, String tokenType, Instant expiresAt, String user) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/login", this::login);
    }

    private void login(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("user", "password");
        String user = f.requiredString("user", 64, null, "");
        String password = f.requiredString("password", 1024, null, "");
        f.check();
        if (!deps.store().users().checkPassword(user, password)) {
            throw new ApiException(401, "wrong user or password", List.of());
        }
        Instant now = deps.clock().instant();
        String token = deps.store().users().issueToken(user, now, deps.tokenTtl());
        deps.store().events().append("user.login", null, null, null, "user " + user + " logged in");
        ctx.json(new TokenResponse(token, "Bearer", now.plus(deps.tokenTtl()), user));
    }
}

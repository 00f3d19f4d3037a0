package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/login}: exchanges a user name and password for a bearer token, with failed attempts limited per user
 * and address ({@link LoginThrottle}: 429 with {@code Retry-After}); {@code POST /api/logout} revokes the token used.
 */
public final class LoginResource implements ApiResource {
    private final ApiDeps deps;
    private final LoginThrottle throttle;

    public LoginResource(ApiDeps deps) {
        this.deps = deps;
        this.throttle = new LoginThrottle(deps.clock());
    }

    /** The token and when it stops working. */
    public record TokenResponse(String token, String tokenType, Instant expiresAt, String user, String role) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/login", this::login);
        routes.post("/api/logout", this::logout);
    }

    private void login(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("user", "password");
        String user = f.requiredString("user", 64, null, "");
        String password = f.requiredString("password", 1024, null, "");
        f.check();
        String address = ctx.ip();
        var wait = throttle.wait(user, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiException(429, "too many failed logins for user " + user + " from " + address + " ("
                    + LoginThrottle.MAX_FAILURES + " in " + LoginThrottle.WINDOW.toMinutes() + " min); try again in "
                    + seconds + " s, or ask an admin to reset the password (o2pool user passwd " + user + ")",
                    List.of());
        }
        if (!deps.store().users().checkPassword(user, password)) {
            throttle.failed(user, address);
            throw new ApiException(401, "wrong user or password", List.of());
        }
        throttle.succeeded(user, address);
        var role = deps.store().users().find(user).orElseThrow().role();
        Instant now = deps.clock().instant();
        Duration ttl = deps.tokenTtl();
        String token = deps.store().users().issueToken(user, now, ttl);
        deps.store().events().appendBy(user, "user.login", null, null, null, "user " + user + " logged in from "
                + address);
        ctx.json(new TokenResponse(token, "Bearer", now.plus(ttl), user, role.name()));
    }

    private void logout(Context ctx) {
        String token = ctx.attribute(TokenAuth.TOKEN_ATTRIBUTE);
        deps.store().users().revoke(token);
        String user = TokenAuth.userName(ctx);
        deps.store().events().appendBy(user, "user.logout", null, null, null, "user " + user + " logged out");
        ctx.status(204);
    }
}

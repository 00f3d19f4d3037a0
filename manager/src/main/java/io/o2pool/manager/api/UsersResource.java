package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.manager.model.Role;
import io.o2pool.manager.model.User;
import io.o2pool.manager.store.UserStore;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@code GET|POST /api/users}, {@code DELETE /api/users/{name}}, {@code POST /api/users/{name}/password} and
 * {@code GET /api/me}: the manager's users and their roles ({@link Access} says who may call what). Removing a user
 * revokes their tokens; a password change revokes every other session of that user. The last admin cannot be removed.
 */
public final class UsersResource implements ApiResource {
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    static final String USER_NAME_HINT = "1-64 letters, digits, '.', '_' or '-', starting with a letter";
    static final int MIN_PASSWORD = 8;

    private final ApiDeps deps;

    public UsersResource(ApiDeps deps) {
        this.deps = deps;
    }

    /** A user as the API shows it (never the password hash). */
    public record UserView(String name, Role role, Instant createdAt) {
        static UserView of(User u) {
            return new UserView(u.name(), u.role(), u.createdAt());
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/me", ctx -> ctx.json(UserView.of(TokenAuth.user(ctx))));
        routes.get("/api/users", ctx -> ctx.json(deps.store().users().list().stream().map(UserView::of).toList()));
        routes.post("/api/users", this::create);
        routes.delete("/api/users/{name}", this::remove);
        routes.post("/api/users/{name}/password", this::password);
    }

    private void create(Context ctx) {
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("name", "password", "role");
        String name = f.requiredString("name", 64, USER_NAME, USER_NAME_HINT);
        String password = password(f, "password");
        Role role = f.requiredEnum("role", Role.class);
        if (name != null && !f.rejected("name") && deps.store().users().exists(name)) {
            f.reject("name", "user " + name + " exists already; change its password with POST /api/users/" + name
                    + "/password, or remove it first");
        }
        f.check();
        deps.store().users().create(name, password, role, deps.clock().instant());
        String by = TokenAuth.userName(ctx);
        deps.store().events().appendBy(by, "user.created", null, null, null, "user " + name + " created with role "
                + role.name().toLowerCase(java.util.Locale.ROOT) + " by " + by);
        ctx.status(201).json(UserView.of(deps.store().users().find(name).orElseThrow()));
    }

    private void remove(Context ctx) {
        String name = ctx.pathParam("name");
        String by = TokenAuth.userName(ctx);
        switch (deps.store().users().remove(name)) {
            case NO_SUCH_USER -> throw ApiException.notFound("no user " + name);
            case LAST_ADMIN -> throw ApiException.conflict("user " + name + " is the last admin; add another admin"
                    + " (POST /api/users with role admin) before removing it");
            case REMOVED -> {
                deps.store().events().appendBy(by, "user.removed", null, null, null, "user " + name + " removed by "
                        + by + " (its sessions revoked)");
                ctx.status(204);
            }
        }
    }

    /**
     * Sets a password: an admin for anyone, any user for themselves with {@code current_password}. Every other session
     * of that user is revoked.
     */
    private void password(Context ctx) {
        String name = ctx.pathParam("name");
        User caller = TokenAuth.user(ctx);
        boolean self = caller.name().equals(name);
        RequestFields f = RequestFields.parse(deps.json(), ctx.body());
        f.allowOnly("password", "current_password");
        String password = password(f, "password");
        String current = f.optionalString("current_password", 1024, null, "", null);
        UserStore users = deps.store().users();
        if (!users.exists(name)) {
            throw ApiException.notFound("no user " + name);
        }
        if (self && caller.role() != Role.ADMIN && (current == null || !users.checkPassword(name, current))) {
            f.reject("current_password", current == null ? "required to change your own password"
                    : "is not your current password");
        }
        f.check();
        users.setPassword(name, password, self ? ctx.attribute(TokenAuth.TOKEN_ATTRIBUTE) : null);
        deps.store().events().appendBy(caller.name(), "user.password", null, null, null, "password of user " + name
                + " changed by " + caller.name() + " (its other sessions revoked)");
        ctx.status(204);
    }

    private static String password(RequestFields f, String field) {
        String password = f.requiredString(field, 1024, null, "");
        if (password != null && password.length() < MIN_PASSWORD) {
            f.reject(field, "use at least " + MIN_PASSWORD + " characters");
        }
        return password;
    }
}

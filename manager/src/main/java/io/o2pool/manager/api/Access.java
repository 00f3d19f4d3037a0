package io.o2pool.manager.api;

import io.o2pool.manager.model.Role;
import io.o2pool.manager.model.User;
import java.util.Locale;
import java.util.Optional;

/**
 * The role each {@code /api/} request needs: the one rule {@link TokenAuth} applies after authenticating, kept pure
 * so a table test covers it. Viewers read everything (GET) and change nothing; operators also call everything else
 * (pools, servers, jobs, plans, Test Connection: all of them reach agents or change the pool); only admins read or
 * change users, except that everyone may see themselves ({@code GET /api/me}), log out and change their own password.
 */
final class Access {
    private Access() {
    }

    /** The role {@code method path} needs when asked by {@code user}. */
    static Role required(String method, String path, String user) {
        String m = method.toUpperCase(Locale.ROOT);
        boolean read = m.equals("GET") || m.equals("HEAD");
        if (read && path.equals("/api/me") || m.equals("POST") && path.equals("/api/logout")) {
            return Role.VIEWER;
        }
        if (path.equals("/api/users") || path.startsWith("/api/users/")) {
            boolean ownPassword = m.equals("POST") && path.equals("/api/users/" + user + "/password");
            return ownPassword ? Role.VIEWER : Role.ADMIN;
        }
        return read ? Role.VIEWER : Role.OPERATOR;
    }

    /** Why {@code user} may not make this request (the 403 message), or empty when they may. */
    static Optional<String> refusal(User user, String method, String path) {
        Role needed = required(method, path, user.name());
        if (user.role().includes(needed)) {
            return Optional.empty();
        }
        String roles = needed == Role.ADMIN ? "admin" : "operator or admin";
        return Optional.of("user " + user.name() + " (role " + user.role().name().toLowerCase(Locale.ROOT)
                + ") may not " + method.toUpperCase(Locale.ROOT) + " " + path + ": it needs role " + roles
                + "; an admin can change that with `o2pool user add` (a user with the role) or the Users page");
    }
}

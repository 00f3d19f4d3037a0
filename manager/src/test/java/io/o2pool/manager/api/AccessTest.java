package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.model.Role;
import io.o2pool.manager.model.User;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The role each request needs, as a table. */
class AccessTest {
    @ParameterizedTest(name = "{0} {1} as {2}: needs {3}")
    @CsvSource({
        "GET,    /api/pools,                 ann,   VIEWER",
        "HEAD,   /api/servers/3,             ann,   VIEWER",
        "GET,    /api/events,                ann,   VIEWER",
        "GET,    /api/me,                    ann,   VIEWER",
        "POST,   /api/logout,                ann,   VIEWER",
        "POST,   /api/users/ann/password,    ann,   VIEWER",
        "POST,   /api/users/bob/password,    ann,   ADMIN",
        "POST,   /api/users/ann/password/x,  ann,   ADMIN",
        "GET,    /api/users,                 ann,   ADMIN",
        "POST,   /api/users,                 ann,   ADMIN",
        "DELETE, /api/users/bob,             ann,   ADMIN",
        "POST,   /api/pools,                 ann,   OPERATOR",
        "PATCH,  /api/pools/1,               ann,   OPERATOR",
        "DELETE, /api/servers/4,             ann,   OPERATOR",
        "PUT,    /api/pools/1/timeouts,      ann,   OPERATOR",
        "POST,   /api/plan,                  ann,   OPERATOR",
        "POST,   /api/servers/test-connection, ann, OPERATOR",
        "post,   /api/jobs/9/retry,          ann,   OPERATOR",
    })
    void eachRequestNeedsItsRole(String method, String path, String user, Role needed) {
        assertThat(Access.required(method, path, user)).isEqualTo(needed);
    }

    @ParameterizedTest(name = "{0} may {1} {2}: {3}")
    @CsvSource({
        "VIEWER,   GET,    /api/pools,    true",
        "VIEWER,   POST,   /api/pools,    false",
        "OPERATOR, POST,   /api/pools,    true",
        "OPERATOR, GET,    /api/users,    false",
        "ADMIN,    GET,    /api/users,    true",
        "ADMIN,    DELETE, /api/servers/1, true",
    })
    void rolesIncludeTheOnesBelow(Role role, String method, String path, boolean allowed) {
        var refusal = Access.refusal(new User("ann", role, Instant.EPOCH), method, path);
        assertThat(refusal.isEmpty()).isEqualTo(allowed);
    }

    @org.junit.jupiter.api.Test
    void aRefusalNamesTheUserTheRequestAndTheRoleNeeded() {
        var refusal = Access.refusal(new User("ann", Role.VIEWER, Instant.EPOCH), "POST", "/api/pools");
        assertThat(refusal).hasValueSatisfying(m -> assertThat(m).contains("user ann (role viewer)")
                .contains("POST /api/pools").contains("needs role operator or admin"));
    }
}

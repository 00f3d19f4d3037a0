package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.testkit.JsonHttp.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and roles on a real manager: admins manage users, operators change pools but not users, viewers only read
 * (every mutating operation of the OpenAPI document is a 403 for them); removal, password change and logout revoke
 * tokens; every job and event names its user; failed logins are limited per user and address.
 */
class UsersResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static String operator;
    static String viewer;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        create("olga", "operator-pw-1", "operator");
        create("victor", "viewer-pw-1", "VIEWER");
        operator = token("olga", "operator-pw-1");
        viewer = token("victor", "viewer-pw-1");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static void create(String name, String password, String role) {
        Reply r = api.post("/api/users", Map.of("name", name, "password", password, "role", role));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    static String token(String user, String password) {
        Reply r = api.login(user, password);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().path("token").asText();
    }

    @Test
    void adminListsUsersWithRolesAndNoPasswordHashes() {
        JsonNode users = api.get("/api/users").body();
        assertThat(users.findValuesAsText("name")).contains("admin", "olga", "victor");
        assertThat(users.toString()).doesNotContain("pbkdf2").doesNotContain("password");
        Reply me = api.send("GET", "/api/me", null, viewer);
        assertThat(me.body().path("name").asText()).isEqualTo("victor");
        assertThat(me.body().path("role").asText()).isEqualTo("VIEWER");
        assertThat(api.login("olga", "operator-pw-1").body().path("role").asText()).isEqualTo("OPERATOR");
    }

    @Test
    void badUserRequestsAre400NamingEveryFieldAndCreateNothing() {
        Reply r = api.post("/api/users", Map.of("name", "9lives", "password", "short", "role", "root"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("fields").findValuesAsText("field")).containsExactlyInAnyOrder("name", "password",
                "role");
        assertThat(r.text()).contains("VIEWER, OPERATOR, ADMIN").contains("at least 8 characters");
        Reply dup = api.post("/api/users", Map.of("name", "olga", "password", "another-pw", "role", "admin"));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body().path("field").asText()).isEqualTo("name");
        assertThat(api.login("olga", "operator-pw-1").status()).as("olga unchanged").isEqualTo(200);
        assertThat(api.get("/api/users").body().findValuesAsText("name")).doesNotContain("9lives");
    }

    /** Every operation of the OpenAPI document that is not a read, with its path parameters filled in. */
    static List<String[]> mutatingOperations() {
        List<String[]> ops = new ArrayList<>();
        JsonNode paths = api.get("/api/openapi.json").body().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            var path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(java.util.Locale.ROOT);
                if (List.of("GET", "HEAD", "PARAMETERS", "SUMMARY", "DESCRIPTION").contains(method)) {
                    continue;
                }
                ops.add(new String[] {method, path.getKey().replaceAll("\\{name}", "admin")
                        .replaceAll("\\{[^}]+}", "1")});
            }
        }
        return ops;
    }

    @Test
    void aViewerIsRefusedEveryMutatingOperationOfTheApi() {
        var ops = mutatingOperations();
        assertThat(ops).hasSizeGreaterThan(15);
        for (String[] op : ops) {
            String path = op[1];
            if (path.equals("/api/login") || path.equals("/api/logout")) {
                continue; // everyone may log in and out
            }
            Reply r = api.send(op[0], path, "{}", viewer);
            assertThat(r.status()).as(op[0] + " " + path + ": " + r.text()).isEqualTo(403);
            assertThat(r.body().path("error").asText()).contains("user victor (role viewer)");
        }
        assertThat(api.send("GET", "/api/pools", null, viewer).status()).isEqualTo(200);
        assertThat(api.send("GET", "/api/users", null, viewer).status()).isEqualTo(403);
    }

    @Test
    void anOperatorChangesPoolsButCannotManageUsers() {
        for (String[] op : mutatingOperations()) {
            if (op[1].startsWith("/api/users")) {
                Reply r = api.send(op[0], op[1], "{}", operator);
                assertThat(r.status()).as(op[0] + " " + op[1]).isEqualTo(403);
                assertThat(r.body().path("error").asText()).contains("needs role admin");
            }
        }
        assertThat(api.send("GET", "/api/users", null, operator).status()).isEqualTo(403);
        Reply pool = api.send("POST", "/api/pools", api.json.createObjectNode().put("name", "opspool")
                .put("repository_path", "/dev/sdc1").toString(), operator);
        assertThat(pool.status()).as(pool.text()).isEqualTo(201);
    }

    @Test
    void everyJobAndItsEventsNameTheUserWhoAskedForIt() {
        api.fleet.add("127.0.1.41", "users-host1");
        api.pool("userspool");
        Reply add = api.send("POST", "/api/servers", api.server("userspool", "127.0.1.41", "users1").toString(),
                operator);
        assertThat(add.status()).as(add.text()).isEqualTo(202);
        long job = add.body().path("id").asLong();
        assertThat(add.body().path("created_by").asText()).isEqualTo("olga");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + job).body().path("status")
                .asText().matches("SUCCEEDED|FAILED"));
        assertThat(api.get("/api/jobs/" + job).body().path("created_by").asText()).isEqualTo("olga");
        List<JsonNode> jobEvents = new ArrayList<>();
        api.get("/api/events?limit=5000").body().forEach(e -> {
            if (e.path("job_id").asLong() == job) {
                jobEvents.add(e);
            }
        });
        assertThat(jobEvents).hasSizeGreaterThan(3);
        assertThat(jobEvents).allSatisfy(e -> assertThat(e.path("user").asText()).as(e.toString())
                .isEqualTo("olga"));
    }

    @Test
    void removingAUserRevokesItsTokensAndTheLastAdminStays() {
        create("tmp-user", "temporary-pw", "viewer");
        String t = token("tmp-user", "temporary-pw");
        assertThat(api.send("GET", "/api/pools", null, t).status()).isEqualTo(200);
        assertThat(api.delete("/api/users/tmp-user").status()).isEqualTo(204);
        assertThat(api.send("GET", "/api/pools", null, t).status()).isEqualTo(401);
        assertThat(api.login("tmp-user", "temporary-pw").status()).isEqualTo(401);
        assertThat(api.delete("/api/users/tmp-user").status()).isEqualTo(404);
        Reply last = api.delete("/api/users/admin");
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.body().path("error").asText()).contains("last admin");
        JsonNode removed = findEvent("user.removed");
        assertThat(removed.path("user").asText()).isEqualTo("admin");
    }

    @Test
    void aPasswordChangeRevokesTheOtherSessionsAndLogoutRevokesItsOwn() {
        create("pat", "first-password", "viewer");
        String first = token("pat", "first-password");
        String second = token("pat", "first-password");
        Reply wrong = api.send("POST", "/api/users/pat/password", "{\"password\":\"second-password\","
                + "\"current_password\":\"not-it-at-all\"}", first);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("field").asText()).isEqualTo("current_password");
        Reply ok = api.send("POST", "/api/users/pat/password", "{\"password\":\"second-password\","
                + "\"current_password\":\"first-password\"}", first);
        assertThat(ok.status()).as(ok.text()).isEqualTo(204);
        assertThat(api.send("GET", "/api/me", null, first).status()).as("the session that changed it").isEqualTo(200);
        assertThat(api.send("GET", "/api/me", null, second).status()).as("another session").isEqualTo(401);
        assertThat(api.login("pat", "first-password").status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/users/olga/password", "{\"password\":\"hijacked-pw\"}", first).status())
                .as("a viewer changes only its own password").isEqualTo(403);
        assertThat(api.send("POST", "/api/logout", null, first).status()).isEqualTo(204);
        assertThat(api.send("GET", "/api/me", null, first).status()).isEqualTo(401);
        assertThat(api.login("pat", "second-password").status()).isEqualTo(200);
    }

    @Test
    void tenWrongLoginsLockThatUserFromThatAddressButNotFromAnother() {
        create("lockme", "the-right-password", "viewer");
        for (int i = 0; i < 10; i++) {
            assertThat(api.login("lockme", "wrong-password-" + i).status()).as("attempt " + (i + 1)).isEqualTo(401);
        }
        Reply locked = api.login("lockme", "the-right-password");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body().path("error").asText()).contains("too many failed logins for user lockme from")
                .contains("try again in");
        Reply elsewhere = api.sendFrom("127.0.0.9", "POST", "/api/login", "{\"user\":\"lockme\","
                + "\"password\":\"the-right-password\"}", null);
        assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(200);
        assertThat(api.login("admin", ApiFixture.ADMIN_PASSWORD).status()).as("another user").isEqualTo(200);
        api.clock.advance(LoginThrottle.WINDOW);
        assertThat(api.login("lockme", "the-right-password").status()).as("after the window").isEqualTo(200);
    }

    static JsonNode findEvent(String kind) {
        JsonNode found = null;
        for (JsonNode e : api.get("/api/events?limit=5000").body()) {
            if (e.path("kind").asText().equals(kind)) {
                found = e;
            }
        }
        assertThat(found).as("an event " + kind).isNotNull();
        return found;
    }
}

package io.o2pool.cli.client;

import static io.o2pool.cli.client.LivePool.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.client.LivePool.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code o2pool user add|list|passwd|remove} against a real manager, logged in as admin: text and {@code --json},
 * passwords from a file or standard input only, and the manager's refusals (bad role, last admin) as exit codes
 * with its message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserCommandsTest {
    @TempDir
    static Path dir;
    private LivePool pool;

    @BeforeAll
    void start() throws Exception {
        pool = new LivePool(dir, 0);
    }

    @AfterAll
    void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content + "\n");
        return f;
    }

    private int login(String user, String password) {
        try {
            var anonymous = new ManagerTarget(pool.api.target().url(), null, pool.api.target().fingerprint());
            new ManagerApi(anonymous).post("/api/login", ManagerApi.json()
                    .createObjectNode().put("user", user).put("password", password));
            return 200;
        } catch (ApiFailure f) {
            return f.status();
        }
    }

    @Test
    void addListPasswdRemoveWithTextAndJson() throws Exception {
        Run add = pool.o2pool("user", "add", "olga", "--role", "operator", "--password-file",
                file("olga-pw", "olga-password-1").toString());
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("user olga added with role operator");
        JsonNode viewer = json(pool.o2pool("user", "add", "vic", "--role", "VIEWER", "--password-file",
                file("vic-pw", "vic-password-1").toString(), "--json"));
        assertThat(viewer.path("role").asText()).isEqualTo("VIEWER");

        Run list = pool.o2pool("user", "list");
        assertThat(list.out()).containsPattern("admin\\s+admin").containsPattern("olga\\s+operator")
                .containsPattern("vic\\s+viewer");
        assertThat(json(pool.o2pool("user", "list", "--json")).findValuesAsText("name"))
                .containsExactly("admin", "olga", "vic");

        assertThat(login("olga", "olga-password-1")).isEqualTo(200);
        Run passwd = pool.o2pool("user", "passwd", "olga", "--password-file",
                file("olga-pw2", "olga-password-2").toString());
        assertThat(passwd.out()).as(passwd.toString()).contains("password of olga changed");
        assertThat(login("olga", "olga-password-1")).isEqualTo(401);
        assertThat(login("olga", "olga-password-2")).isEqualTo(200);

        JsonNode removed = json(pool.o2pool("user", "remove", "vic", "--json"));
        assertThat(removed.path("removed").asBoolean()).isTrue();
        assertThat(login("vic", "vic-password-1")).isEqualTo(401);
    }

    @Test
    void refusalsCarryTheManagersMessageAndNothingChanges() throws Exception {
        Run badRole = pool.o2pool("user", "add", "rex", "--role", "root", "--password-file",
                file("rex-pw", "rex-password-1").toString());
        assertThat(badRole.exitCode()).isNotZero();
        assertThat(badRole.err()).contains("role").contains("VIEWER, OPERATOR, ADMIN");
        Run shortPw = pool.o2pool("user", "add", "rex", "--role", "viewer", "--password-file",
                file("rex-short", "short").toString());
        assertThat(shortPw.err()).contains("at least 8 characters");
        Run lastAdmin = pool.o2pool("user", "remove", "admin");
        assertThat(lastAdmin.exitCode()).isNotZero();
        assertThat(lastAdmin.err()).contains("last admin");
        Run noPassword = pool.o2pool("user", "add", "rex", "--role", "viewer");
        assertThat(noPassword.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(noPassword.err()).contains("--password-file").contains("never taken as arguments");
        assertThat(json(pool.o2pool("user", "list", "--json")).findValuesAsText("name")).doesNotContain("rex");
    }
}

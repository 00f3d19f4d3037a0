package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login and bearer tokens on a real manager. */
class LoginResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void adminIsCreatedAtFirstStartWithTheGivenPassword() {
        assertThat(api.printed).contains("created user 'admin'");
        assertThat(api.login("admin", ApiFixture.ADMIN_PASSWORD).status()).isEqualTo(200);
        assertThat(api.token).hasSizeGreaterThan(30);
    }

    @Test
    void wrongPasswordIs401() {
        var r = api.login("admin", "nope-nope");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("error").asText()).contains("wrong user or password");
    }

    @Test
    void missingFieldsAre400NamingThem() {
        var r = api.send("POST", "/api/login", "{\"user\":\"admin\"}", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo("password");
        var notJson = api.send("POST", "/api/login", "{nope", null);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().path("field").asText()).isEqualTo("body");
    }

    @Test
    void apiNeedsAValidToken() {
        assertThat(api.send("GET", "/api/pools", null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/api/pools", null, "forged-token").status()).isEqualTo(401);
        assertThat(api.get("/api/pools").status()).isEqualTo(200);
        assertThat(api.send("GET", "/api/pools?access_token=" + api.token, null, null).status()).isEqualTo(200);
    }

    @Test
    void tokensExpire() {
        String token = api.login("admin", ApiFixture.ADMIN_PASSWORD).body().path("token").asText();
        api.clock.advance(java.time.Duration.ofHours(13));
        assertThat(api.send("GET", "/api/pools", null, token).status()).isEqualTo(401);
        api.token = api.login("admin", ApiFixture.ADMIN_PASSWORD).body().path("token").asText();
    }

    @Test
    void generatedAdminPasswordIsWrittenForTheOwnerOnlyAndNeverPrinted(@TempDir Path other) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var m = io.o2pool.manager.Manager.start(io.o2pool.manager.ManagerOptions.parse(java.util.List.of(
                        "--data-dir", other.toString(), "--listen", "127.0.0.8:0"), java.util.Map.of()),
                api.fleet, api.clock, api.clock::advance, new java.io.PrintStream(out, true))) {
            String password = Files.readString(other.resolve("admin-password")).strip();
            assertThat(out.toString()).doesNotContain(password).contains("created user 'admin' with a generated"
                    + " password, in " + other.resolve("admin-password") + " (readable only by this user)");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(other.resolve("admin-password")))).isEqualTo("rw-------");
            assertThat(m.store().users().checkPassword("admin", password)).isTrue();
        }
    }
}

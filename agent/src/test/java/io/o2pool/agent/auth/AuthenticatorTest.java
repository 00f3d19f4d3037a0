package io.o2pool.agent.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password is stored only as a salted hash, and Basic credentials are checked against it. */
class AuthenticatorTest {
    @TempDir
    Path dir;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHashRoundTripsAndMatchesOnlyItsPassword() {
        PasswordHash hash = PasswordHash.create("s3cret-pass".toCharArray(), 1000, new SecureRandom());
        PasswordHash parsed = PasswordHash.parse(hash.format());
        assertThat(parsed).isEqualTo(hash);
        assertThat(parsed.matches("s3cret-pass")).isTrue();
        assertThat(parsed.matches("s3cret-pasS")).isFalse();
        assertThat(hash.format()).startsWith("pbkdf2-sha256:1000:").doesNotContain("s3cret");
        assertThat(PasswordHash.create("s3cret-pass".toCharArray(), 1000, new SecureRandom())).isNotEqualTo(hash);
        assertThatThrownBy(() -> PasswordHash.parse("md5:abc")).hasMessageContaining("not a pbkdf2-sha256 password hash");
    }

    @Test
    void theStoreKeepsOnlyTheHashAndFollowsAPasswordChange() throws Exception {
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "first-password\n");
        PasswordStore store = new PasswordStore(dir.resolve("state"), 1000);
        PasswordHash first = store.load(passwordFile);
        assertThat(Files.readString(store.hashFile())).doesNotContain("first-password");
        assertThat(Files.getPosixFilePermissions(store.hashFile())).hasSize(2);
        assertThat(store.load(passwordFile)).isEqualTo(first);
        assertThat(store.load(null)).isEqualTo(first);
        Files.writeString(passwordFile, "second-password\n");
        assertThat(store.load(passwordFile).matches("second-password")).isTrue();
        Files.writeString(passwordFile, "short\n");
        assertThatThrownBy(() -> store.load(passwordFile)).hasMessageContaining("use at least 8");
        assertThatThrownBy(() -> new PasswordStore(dir.resolve("empty"), 1000).load(null))
                .hasMessageContaining("start once with --password-file FILE");
    }

    @Test
    void credentialsAreCheckedWithReasons() {
        Authenticator auth = new Authenticator(PasswordHash.create("right-password".toCharArray(), 1000, new SecureRandom()));
        assertThat(auth.check(basic("o2pool", "right-password"), "127.0.0.1", "GET /v1/facts").accepted()).isTrue();
        assertThat(auth.check(basic("o2pool", "right-password"), "127.0.0.1", "GET /v1/facts").accepted()).isTrue();
        assertThat(auth.check(basic("o2pool", "wrong"), "127.0.0.1", "GET /v1/facts").reason())
                .isEqualTo("wrong password for user 'o2pool'");
        assertThat(auth.check(basic("root", "right-password"), "127.0.0.1", "GET /v1/facts").reason())
                .isEqualTo("unknown user 'root'");
        assertThat(auth.check(null, "127.0.0.1", "GET /v1/facts").reason()).isEqualTo("no credentials");
        assertThat(auth.check("Bearer x", "127.0.0.1", "GET /v1/facts").reason()).isEqualTo("not HTTP Basic authentication");
        assertThat(auth.check("Basic !!!", "127.0.0.1", "GET /v1/facts").reason()).isEqualTo("malformed Basic credentials");
    }
}

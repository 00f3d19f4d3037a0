package io.o2pool.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.cli.Main;
import io.o2pool.manager.Manager;
import io.o2pool.manager.ManagerOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code o2pool login} against a real manager over HTTPS: the first login shows the certificate's fingerprint and
 * pins it only when the user says yes (or {@code --fingerprint} gives it), and every later command and login refuses
 * a manager whose certificate changed, naming the pinned and the presented fingerprints and the command that fixes it.
 */
class LoginCommandTest {
    private static final String ADMIN_PASSWORD = "login-test-admin";

    @TempDir
    Path dir;

    private Manager manager;
    private Path loginFile;

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void startManager() throws IOException {
        manager = start(dir.resolve("manager"), "127.0.0.1:0");
        loginFile = dir.resolve("login.json");
    }

    @AfterEach
    void stopManager() {
        manager.close();
    }

    private static Manager start(Path data, String listen, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--data-dir", data.toString(), "--listen", listen,
                "--status-interval", "3600"));
        args.addAll(List.of(extra));
        return Manager.start(ManagerOptions.parse(args, Map.of("O2POOL_ADMIN_PASSWORD", ADMIN_PASSWORD)),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Runs {@code o2pool ARGS} in this JVM with {@code stdin}, the test's login file and the admin password. */
    private Run o2pool(String stdin, Map<String, String> extraEnv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(Map.of("O2POOL_LOGIN_FILE", loginFile.toString(),
                "O2POOL_PASSWORD", ADMIN_PASSWORD));
        env.putAll(extraEnv);
        var environment = new ClientEnvironment(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc = Main.commandLine(environment).execute(args);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run o2pool(String stdin, String... args) {
        return o2pool(stdin, Map.of(), args);
    }

    private JsonNode saved() throws IOException {
        return ManagerApi.json().readTree(loginFile.toFile());
    }

    @Test
    void theFirstLoginShowsTheFingerprintAndPinsItWhenTheUserSaysYes() throws Exception {
        String fingerprint = manager.identity().fingerprint();
        Run login = o2pool("yes\n", "login", "--url", manager.url());
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).contains("The manager at " + manager.url()
                + " presents a certificate with SHA-256 fingerprint\n  " + fingerprint + "\n",
                "Trust this certificate and log in? [y/N] ", "logged in to " + manager.url() + " as admin");
        assertThat(saved().path("url").asText()).isEqualTo(manager.url());
        assertThat(saved().path("fingerprint").asText()).isEqualTo(fingerprint);

        Run list = o2pool("", "pool", "list", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        Run again = o2pool("", "login");
        assertThat(again.exitCode()).as("a second login to the same certificate asks nothing: %s", again).isZero();
        assertThat(again.out()).doesNotContain("Trust this certificate");
    }

    @Test
    void noTrustNoLogin() {
        Run declined = o2pool("n\n", "login", "--url", manager.url());
        assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(declined.err()).contains("certificate not trusted; nothing was sent or saved");
        Run unanswered = o2pool("", "login", "--url", manager.url());
        assertThat(unanswered.exitCode()).as(unanswered.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(unanswered.err()).contains("after checking the fingerprint, run: o2pool login --url "
                + manager.url() + " --fingerprint " + manager.identity().fingerprint());
        assertThat(loginFile).doesNotExist();

        Run unpinned = o2pool("", Map.of("O2POOL_URL", manager.url()), "server", "list");
        assertThat(unpinned.exitCode()).as(unpinned.toString()).isEqualTo(ExitCode.UNAUTHORIZED.code());
        assertThat(unpinned.err()).contains("no certificate fingerprint is pinned for " + manager.url()
                + "; run o2pool login --url " + manager.url());
    }

    @Test
    void aGivenFingerprintIsTrustedWithoutAskingAndAWrongOneRefused() throws Exception {
        String fingerprint = manager.identity().fingerprint();
        String typed = fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
        String wrong = "AB:" + fingerprint.substring(3);
        Run refused = o2pool("yes\n", "login", "--url", manager.url(), "--fingerprint", wrong);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.UNAUTHORIZED.code());
        assertThat(refused.err()).contains("presents a certificate with SHA-256 fingerprint\n  " + fingerprint,
                "not the one given with --fingerprint (or O2POOL_FINGERPRINT)\n  " + wrong);
        assertThat(loginFile).doesNotExist();

        Run login = o2pool("", "login", "--url", manager.url(), "--fingerprint", typed);
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).doesNotContain("Trust this certificate");
        assertThat(saved().path("fingerprint").asText()).isEqualTo(fingerprint);
    }

    @Test
    void aManagerWhoseCertificateChangedIsRefusedUntilThePinIsRenewed() throws Exception {
        String url = manager.url();
        String pinned = manager.identity().fingerprint();
        assertThat(o2pool("y\n", "login", "--url", url).exitCode()).isZero();

        int port = manager.port();
        manager.close();
        Path data = dir.resolve("manager");
        Files.move(data.resolve("tls"), dir.resolve("old-tls"));
        manager = start(data, "127.0.0.1:" + port);
        String seen = manager.identity().fingerprint();
        assertThat(seen).isNotEqualTo(pinned);

        Run list = o2pool("", "server", "list");
        assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCode.UNAUTHORIZED.code());
        assertThat(list.err()).contains(
                "the manager at " + url + " presents a certificate with SHA-256 fingerprint\n  " + seen + "\n",
                "but the fingerprint pinned for it (at o2pool login, or in O2POOL_FINGERPRINT) is\n  " + pinned + "\n",
                "o2pool manager --data-dir DIR --print-fingerprint",
                "pin it: o2pool login --url " + url + " --fingerprint " + seen);
        Run login = o2pool("yes\n", "login");
        assertThat(login.exitCode()).as("yes does not override a pin: %s", login).isEqualTo(4);
        assertThat(login.err()).contains("pinned for it", pinned, seen);
        assertThat(login.out()).doesNotContain("Trust this certificate");
        assertThat(saved().path("fingerprint").asText()).isEqualTo(pinned);

        Run repinned = o2pool("", "login", "--fingerprint", seen);
        assertThat(repinned.exitCode()).as(repinned.toString()).isZero();
        assertThat(saved().path("fingerprint").asText()).isEqualTo(seen);
        assertThat(o2pool("", "server", "list").exitCode()).isZero();
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedAndTheWrongSchemeExplained() {
        Run password = o2pool("yes\n", "login", "--url", manager.url(), "--password", ADMIN_PASSWORD);
        assertThat(password.exitCode()).as(password.toString()).isEqualTo(ExitCode.USAGE.code());
        assertThat(password.err()).contains("--password: a password on the command line is visible to every user in"
                + " ps; use --password-file FILE, the environment variable O2POOL_PASSWORD, or the prompt");
        assertThat(password.out()).doesNotContain("Trust this certificate");

        String plain = manager.url().replace("https://", "http://");
        Run http = o2pool("", Map.of("O2POOL_URL", plain, "O2POOL_TOKEN", "t"), "server", "list");
        assertThat(http.exitCode()).as(http.toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(http.err()).contains("the manager speaks HTTPS unless started with --insecure-http: use "
                + manager.url());
    }

    @Test
    void aPlainHttpManagerIsLoggedInToWithAWarning() throws Exception {
        try (Manager insecure = start(dir.resolve("insecure"), "127.0.0.1:0", "--insecure-http")) {
            Run login = o2pool("", "login", "--url", insecure.url());
            assertThat(login.exitCode()).as(login.toString()).isZero();
            assertThat(login.err()).contains("is plain HTTP (a manager started with --insecure-http)");
            assertThat(saved().has("fingerprint")).isFalse();
            assertThat(o2pool("", "server", "list").exitCode()).isZero();
        }
    }
}

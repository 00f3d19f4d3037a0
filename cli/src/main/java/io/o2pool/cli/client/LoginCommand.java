package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.agent.client.FingerprintProbe;
import io.o2pool.agent.tls.Fingerprints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code o2pool login}: pins the manager's certificate and exchanges the user and password for a token, saving URL,
 * token and fingerprint. The first login to a manager shows the fingerprint its certificate has and asks before
 * trusting it (trust on first use, as ssh does), unless {@code --fingerprint} gives the expected one; later logins
 * refuse a manager whose certificate changed. The password is sent only after the certificate is trusted.
 */
@Command(name = "login", description = {"Log in to a manager and remember its URL, token and certificate fingerprint.",
    "The first time, the manager's certificate fingerprint is shown to compare with what the manager printed at start"
        + " (o2pool manager --print-fingerprint) before anything is sent."})
public final class LoginCommand extends ClientCommand {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--user", defaultValue = "admin", description = "User (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", hidden = true, description = "Refused: a password on the command line is visible"
            + " in ps.")
    String password;

    @Option(names = "--password-file", description = "File whose first line is the password (else $O2POOL_PASSWORD,"
            + " or a prompt).")
    Path passwordFile;

    @Option(names = "--fingerprint", description = "The SHA-256 fingerprint the manager's certificate must have (as"
            + " o2pool manager printed it); trusts it without asking, and re-pins a manager whose certificate changed"
            + " (default: $O2POOL_FINGERPRINT, else ask on first login).")
    String fingerprint;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
        if (password != null) {
            throw new UsageError("--password: a password on the command line is visible to every user in ps;"
                    + " use --password-file FILE, the environment variable O2POOL_PASSWORD, or the prompt");
        }
        String url = api.target().url();
        String pinned = null;
        if (api.target().tls()) {
            Optional<String> trusted = trust(url);
            if (trusted.isEmpty()) {
                return ExitCode.REFUSED;
            }
            pinned = trusted.get();
        } else {
            err.println("o2pool login: " + url + " is plain HTTP (a manager started with --insecure-http): the"
                    + " password and the token travel unencrypted");
        }
        String pw = password();
        if (pw == null) {
            err.println("o2pool login: no password: give --password-file FILE or O2POOL_PASSWORD, or run it in a"
                    + " terminal to be asked");
            return ExitCode.USAGE;
        }
        ManagerTarget target = new ManagerTarget(url, null, pinned);
        JsonNode token = new ManagerApi(target).post("/api/login",
                ManagerApi.json().createObjectNode().put("user", user).put("password", pw));
        LoginFile file = LoginFile.from(environment().variables());
        file.save(target.withToken(token.path("token").asText()));
        if (json) {
            printJson(token);
        } else {
            out.println("logged in to " + url + " as " + user + " (token saved in " + file.path()
                    + ", valid until " + text(token, "expires_at") + ")");
        }
        return ExitCode.OK;
    }

    /**
     * The fingerprint to pin for {@code url}: the one presented, if it is the one given ({@code --fingerprint}), the
     * one pinned at an earlier login, or the one the user confirms now; empty when the user declines. A mismatch
     * with a given or pinned fingerprint fails naming both.
     */
    private Optional<String> trust(String url) throws ApiFailure, UsageError, IOException {
        String given = fingerprint != null ? fingerprint : environment().variable("O2POOL_FINGERPRINT");
        if (given != null) {
            try {
                given = Fingerprints.normalize(given);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--fingerprint: " + e.getMessage());
            }
        }
        String seen = presented(url);
        if (given != null) {
            if (!given.equals(seen)) {
                throw new ApiFailure(ExitCode.UNAUTHORIZED, PinnedManager.notGiven(url, given, seen));
            }
            return Optional.of(seen);
        }
        String earlier = savedFingerprint(url);
        if (earlier != null) {
            if (!earlier.equals(seen)) {
                throw new ApiFailure(ExitCode.UNAUTHORIZED, PinnedManager.changed(url, earlier, seen));
            }
            return Optional.of(seen);
        }
        out.println("The manager at " + url + " presents a certificate with SHA-256 fingerprint");
        out.println("  " + seen);
        out.println("Compare it with the fingerprint the manager printed at start (or o2pool manager --data-dir DIR"
                + " --print-fingerprint on its host).");
        out.print("Trust this certificate and log in? [y/N] ");
        out.flush();
        String answer = readAnswer();
        if (answer == null) {
            out.println();
            throw new UsageError("no answer to the question above (no terminal?); after checking the fingerprint,"
                    + " run: o2pool login --url " + url + " --fingerprint " + seen);
        }
        if (!answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            err.println("o2pool login: certificate not trusted; nothing was sent or saved");
            return Optional.empty();
        }
        return Optional.of(seen);
    }

    /** The fingerprint the manager presents, read without trusting it and without sending anything. */
    private static String presented(String url) throws ApiFailure {
        URI uri = URI.create(url);
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        try {
            return FingerprintProbe.fingerprint(uri.getHost().replaceAll("^\\[|\\]$", ""), port, PROBE_TIMEOUT);
        } catch (IOException e) {
            throw new ApiFailure(0, null, "cannot reach the manager at " + url + " over TLS: " + e.getMessage()
                    + "; is it running (and not with --insecure-http, whose URL starts with http://)?");
        }
    }

    private String savedFingerprint(String url) throws IOException {
        return LoginFile.from(environment().variables()).load().filter(s -> s.url().equals(url))
                .map(ManagerTarget::fingerprint).orElse(null);
    }

    private String readAnswer() {
        try {
            return new BufferedReader(new InputStreamReader(environment().in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private String password() throws IOException {
        if (passwordFile != null) {
            return Files.readAllLines(passwordFile).stream().findFirst().orElse("").strip();
        }
        String env = environment().variable("O2POOL_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        if (System.console() != null) {
            char[] typed = System.console().readPassword("Password for %s: ", user);
            return typed == null ? null : new String(typed);
        }
        return null;
    }
}

package io.o2pool.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.tls.Fingerprints;
import io.o2pool.agent.tls.TlsIdentityFiles;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's listener as a client sees it on a real socket: HTTPS by default with a self-signed certificate that
 * {@code curl --cacert} accepts from the file the start-up notice names, nothing for plain HTTP on that port, the same
 * key pair after a restart, an operator's certificate with {@code --tls-cert}, and plain HTTP only when asked.
 */
class ManagerTlsTest {
    /** Only loopback: 127.0.0.0/8. */
    private static final String HOST = "127.0.0.31";
    private static final Pattern NOTICE = Pattern.compile("certificate in (\\S+)(?: \\([^)]*\\))?, SHA-256 fingerprint (\\S+)");

    @TempDir
    Path dir;

    private record Started(Manager manager, String printed) implements AutoCloseable {
        Matcher notice() {
            Matcher m = NOTICE.matcher(printed);
            assertThat(m.find()).as("the start-up notice names the certificate:\n%s", printed).isTrue();
            return m;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private Started start(Path dataDir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--listen", HOST + ":0",
                "--status-interval", "3600"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Manager m = Manager.start(ManagerOptions.parse(args, Map.of("O2POOL_ADMIN_PASSWORD", "tls-test-admin")),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Started(m, out.toString(StandardCharsets.UTF_8));
    }

    private ExecResult curl(Path caCert, String url, String... extra) {
        List<String> command = new ArrayList<>(List.of(Programs.require("curl", "curl").toString(), "--silent",
                "--show-error", "--noproxy", "*", "--max-time", "20", "--cacert", caCert.toString(),
                "--write-out", "\n%{http_code}"));
        command.addAll(List.of(extra));
        command.add(url);
        return Programs.run(dir, command);
    }

    @Test
    void httpsByDefaultCurlTrustsThePrintedCertificateFile() throws Exception {
        try (Started s = start(dir.resolve("data"))) {
            Matcher notice = s.notice();
            Path certificate = Path.of(notice.group(1));
            assertThat(certificate).isEqualTo(dir.resolve("data/tls/manager-cert.pem"));
            assertThat(notice.group(2)).isEqualTo(s.manager().identity().fingerprint());
            assertThat(s.manager().url()).isEqualTo("https://" + HOST + ":" + s.manager().port());

            ExecResult page = curl(certificate, s.manager().url() + "/");
            assertThat(page.exitCode()).as(page.toString()).isZero();
            assertThat(page.stdout()).contains("<title>").endsWith("\n200");
            ExecResult login = curl(certificate, s.manager().url() + "/api/login", "--header",
                    "Content-Type: application/json", "--data", "{\"user\":\"admin\",\"password\":\"tls-test-admin\"}");
            assertThat(login.stdout()).as(login.toString()).contains("\"token\"").endsWith("\n200");

            Path otherDir = dir.resolve("other");
            try (Started other = start(otherDir)) {
                ExecResult refused = curl(Path.of(other.notice().group(1)), s.manager().url() + "/");
                assertThat(refused.exitCode()).as("curl trusting another manager's certificate: %s", refused)
                        .isEqualTo(60); // CURLE_PEER_FAILED_VERIFICATION
            }
        }
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoHttpAnswer() throws Exception {
        try (Started s = start(dir.resolve("data"))) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, s.manager().port()), 5000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /api/openapi.json HTTP/1.1\r\nHost: " + HOST
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] reply = readUntilClosed(socket.getInputStream());
                assertThat(new String(reply, StandardCharsets.ISO_8859_1)).as("what came back").doesNotContain("HTTP/");
                if (reply.length > 0) {
                    assertThat(reply[0]).as("a TLS alert record, if anything").isEqualTo((byte) 0x15);
                }
            }
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":"
                    + s.manager().port() + "/api/openapi.json")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theKeyPairIsMadeOnceAndKeptAcrossRestarts() throws Exception {
        Path data = dir.resolve("data");
        String first;
        try (Started s = start(data)) {
            first = s.manager().identity().fingerprint();
            assertThat(s.printed()).contains("self-signed certificate in " + data.resolve("tls/manager-cert.pem") + " (created now)");
            assertThat(s.manager().identity().createdNow()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/manager-key.pem"))))
                .isEqualTo("rw-------");
        try (Started s = start(data)) {
            assertThat(s.manager().identity().fingerprint()).isEqualTo(first);
            assertThat(s.notice().group(2)).isEqualTo(first);
            assertThat(s.printed()).doesNotContain("created now");
            ExecResult page = curl(data.resolve("tls/manager-cert.pem"), s.manager().url() + "/");
            assertThat(page.stdout()).as(page.toString()).endsWith("\n200");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ManagerMain.run(List.of("--data-dir", data.toString(), "--print-fingerprint"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(first);
    }

    @Test
    void anOperatorsCertificateIsServedAndTheOwnKeyPairStillMade() throws Exception {
        Path key = dir.resolve("given-key.pem");
        Path cert = dir.resolve("given-cert.pem");
        ExecResult made = Programs.run(dir, List.of(Programs.require("openssl", "openssl").toString(), "req",
                "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                "-subj", "/CN=manager.example", "-addext", "subjectAltName=IP:" + HOST,
                "-keyout", key.toString(), "-out", cert.toString()));
        assertThat(made.exitCode()).as(made.toString()).isZero();
        String given = Fingerprints.sha256(new TlsIdentityFiles(key, cert).load().certificate());

        Path data = dir.resolve("data");
        try (Started s = start(data, "--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            assertThat(s.manager().servedCertificate().orElseThrow().fingerprint()).isEqualTo(given);
            assertThat(s.notice().group(1)).isEqualTo(cert.toString());
            assertThat(s.notice().group(2)).isEqualTo(given);
            assertThat(s.manager().identity().fingerprint()).as("the manager's own key pair, for agents")
                    .isNotEqualTo(given);
            assertThat(data.resolve("tls/manager-key.pem")).exists();
            ExecResult page = curl(cert, s.manager().url() + "/");
            assertThat(page.stdout()).as(page.toString()).endsWith("\n200");
        }
        Path otherKey = dir.resolve("data/tls/manager-key.pem");
        assertThatThrownBy(() -> start(dir.resolve("data2"), "--tls-cert", cert.toString(), "--tls-key",
                otherKey.toString())).hasMessage("--tls-cert " + cert + " / --tls-key " + otherKey
                        + ": the private key in " + otherKey + " does not belong to the certificate in " + cert
                        + " (the first certificate of the file must be the server's own)");
    }

    @Test
    void plainHttpOnlyWhenAskedAndSaidLoudly() throws Exception {
        try (Started s = start(dir.resolve("data"), "--insecure-http")) {
            assertThat(s.manager().url()).startsWith("http://" + HOST + ":");
            assertThat(s.manager().servedCertificate()).isEmpty();
            assertThat(s.printed()).contains("WARNING: plain HTTP (--insecure-http)");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(s.manager().url() + "/api/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--tls-cert", "c.pem"), Map.of()))
                .hasMessageContaining("--tls-cert needs --tls-key FILE");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--insecure-http", "--tls-cert",
                "c.pem", "--tls-key", "k.pem"), Map.of())).hasMessageContaining("give one or the other");
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server dropped the connection: also no HTTP answer
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the TLS port kept a plain-HTTP connection open for 10 s; got: "
                    + got.toString(StandardCharsets.ISO_8859_1), e);
        }
        return got.toByteArray();
    }
}

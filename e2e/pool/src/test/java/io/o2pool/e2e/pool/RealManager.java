package io.o2pool.e2e.pool;

import static org.awaitility.Awaitility.await;

import io.o2pool.manager.jobs.PausePoint;
import io.o2pool.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manager as a real process ({@code io.o2pool.manager.ManagerMain}) serving HTTPS on {@code 127.0.0.1} (port
 * chosen by the kernel; clients pin the fingerprint it prints), with its data directory and database (H2 there, or PostgreSQL by the given arguments) surviving restarts,
 * so a test can {@code kill -9} it mid-job and start it again on the same data. Stopped by PID.
 */
public final class RealManager {
    public static final String ADMIN_PASSWORD = "e2e-admin-password";
    private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+) ");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    private final Path dataDir;
    private final List<String> dbArgs;
    private ChildProcess process;
    private String base;
    private String fingerprint;

    RealManager(Path dataDir, List<String> dbArgs) {
        this.dataDir = dataDir;
        this.dbArgs = List.copyOf(dbArgs);
    }

    /** Starts the manager and waits until it listens; {@code env} may hold {@link PausePoint#ENVIRONMENT_VARIABLE}. */
    public ManagerClient start(Map<String, String> env) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(pauseMarker());
        List<String> command = new ArrayList<>(ChildJvm.javaCommand("256m"));
        command.addAll(List.of("-cp", ChildJvm.classpathSnapshot(), "io.o2pool.manager.ManagerMain",
                "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0", "--admin-password-file",
                adminPasswordFile().toString(),
                "--live-timeout", "60", "--status-interval", "1", "--agent-timeout", "30"));
        command.addAll(dbArgs);
        Path output = dataDir.resolve("manager-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove(PausePoint.ENVIRONMENT_VARIABLE);
        builder.environment().putAll(env);
        ChildProcess p = new ChildProcess(builder.start(), output);
        process = p;
        await("manager to start (output in " + output + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100)).until(() -> !p.isAlive() || LISTENING.matcher(p.output()).find());
        if (!p.isAlive()) {
            throw new IllegalStateException("manager exited:\n" + p.output());
        }
        Matcher m = LISTENING.matcher(p.output());
        m.find();
        base = m.group(1);
        Matcher f = FINGERPRINT.matcher(p.output());
        if (!f.find()) {
            throw new IllegalStateException("the manager printed no certificate fingerprint:\n" + p.output());
        }
        fingerprint = f.group(1);
        return new ManagerClient(base, fingerprint, "admin", ADMIN_PASSWORD);
    }

    /**
     * The file the admin password is given in, beside the data directory (as an operator's
     * {@code /etc/o2pool/admin-password}), mode 0600.
     */
    public Path adminPasswordFile() throws IOException {
        Path file = dataDir.resolveSibling("manager-admin-password");
        if (!Files.exists(file)) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, ADMIN_PASSWORD + "\n");
        }
        return file;
    }

    /** The manager's base URL (e.g. {@code https://127.0.0.1:41234}) once started. */
    public String url() {
        return base;
    }

    /** The SHA-256 fingerprint of the certificate the manager printed at start (what {@code o2pool login} pins). */
    public String fingerprint() {
        return fingerprint;
    }

    /** The manager's self-signed certificate ({@code DATA/tls/manager-cert.pem}), for a browser to accept. */
    public X509Certificate certificate() {
        try (var in = Files.newInputStream(dataDir.resolve("tls/manager-cert.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot read the manager's certificate in " + dataDir.resolve("tls"), e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file the manager writes when it froze at its pause point. */
    public Path pauseMarker() {
        return dataDir.resolve(PausePoint.MARKER);
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return process == null ? "" : process.output();
    }

    public void kill9() {
        if (process != null) {
            process.kill9();
        }
    }

    public void stop() {
        if (process != null) {
            process.stop();
        }
    }
}

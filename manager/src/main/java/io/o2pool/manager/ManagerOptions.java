package io.o2pool.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The manager's start-up options, parsed from {@code o2pool manager} arguments and environment. Validated in
 * {@link #parse}; an invalid option fails start-up with a message that says what to change.
 *
 * @param dbUrl null for the embedded H2 database in the data directory
 * @param dbPassword from {@code --db-password-file} or {@code O2POOL_DB_PASSWORD}, never from the command line
 * @param adminPassword the first start's admin password ({@code --admin-password-file} or
 *     {@code O2POOL_ADMIN_PASSWORD}), or null to generate one into {@code DATA/admin-password}
 * @param statusInterval how often server status is refreshed from the agents' membership views
 * @param agentTimeout how long one agent call may take before it counts as a (transient) failure
 * @param pauseAtStep for crash tests only (env {@code O2POOL_MANAGER_PAUSE_AT}): the job step after which the manager
 *     freezes so the test can kill it; null in production
 * @param tlsCertificate the PEM certificate chain the listener presents instead of the self-signed one in
 *     {@code DATA/tls/}, with {@code tlsKey}; both null by default
 * @param insecureHttp the listener speaks plain HTTP ({@code --insecure-http}): only on loopback or behind a TLS proxy
 * @param printFingerprint print the certificate's fingerprint (creating it if needed) and exit
 */
public record ManagerOptions(Path dataDir, String listenHost, int listenPort, String dbUrl, String dbUser,
                             String dbPassword, String adminPassword, Duration liveTimeout, Duration tokenTtl,
                             Duration statusInterval, Duration agentTimeout, String pauseAtStep, Path tlsCertificate,
                             Path tlsKey, boolean insecureHttp, boolean printFingerprint) {

    public static final String USAGE = """
            usage: o2pool manager --data-dir DIR [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE | --insecure-http]
                                  [--db-url JDBC-URL] [--db-user USER] [--db-password-file FILE]
                                  [--admin-password-file FILE] [--live-timeout SECONDS] [--token-ttl HOURS]
                                  [--status-interval SECONDS] [--agent-timeout SECONDS] [--print-fingerprint]
              --data-dir DIR        state directory (embedded H2 database, generated admin password, tls/ with the
                                    manager's key pair)
              --listen ADDR:PORT    HTTPS address of the REST API and web UI (default 127.0.0.1:8080; port 0 picks a
                                    free port). The certificate is self-signed, made at the first start in
                                    DIR/tls/manager-cert.pem (key DIR/tls/manager-key.pem, mode 0600) and kept; its
                                    SHA-256 fingerprint is printed at every start: compare it with what o2pool login
                                    shows, or give it to o2pool login --fingerprint
              --tls-cert FILE       serve this PEM certificate chain instead (own certificate first), e.g. one from
                                    your CA; with --tls-key FILE, its unencrypted PKCS#8 PEM key
              --insecure-http       plain HTTP instead of HTTPS: passwords and tokens travel unencrypted; only on
                                    loopback or behind a TLS-terminating proxy
              --db-url URL          jdbc:postgresql://HOST:PORT/DB instead of the embedded H2 database (without a
                                    password in it)
              --db-user USER        database user (or in the URL)
              --db-password-file F  file whose first line is the database password (or env O2POOL_DB_PASSWORD)
              --admin-password-file F
                                    file whose first line is the password of user 'admin', created at the first start
                                    (or env O2POOL_ADMIN_PASSWORD; default: generated and written to
                                    DIR/admin-password, mode 0600, never printed)
              --live-timeout S      how long Add Server waits for every member to see the new node live (default 120)
              --token-ttl HOURS     lifetime of API tokens (default 12)
              --status-interval S   how often server status follows the agents' membership views (default 5)
              --agent-timeout S     how long one call to an agent may take (default 10)
              --print-fingerprint   print the fingerprint of the certificate the manager serves (making the
                                    self-signed one if there is none yet) and exit
            Passwords are never taken on the command line, where every user of the host sees them (ps).
            """;

    /** Parses arguments; throws {@link IllegalArgumentException} with a message naming the bad option. */
    public static ManagerOptions parse(List<String> args, Map<String, String> env) {
        Path dataDir = null;
        String listen = "127.0.0.1:8080";
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = env.get("O2POOL_DB_PASSWORD");
        String adminPassword = env.get("O2POOL_ADMIN_PASSWORD");
        long liveTimeoutS = 120;
        long tokenTtlH = 12;
        long statusIntervalS = 5;
        long agentTimeoutS = 10;
        Path tlsCertificate = null;
        Path tlsKey = null;
        boolean insecureHttp = false;
        boolean printFingerprint = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (name.equals("--help") || name.equals("-h")) {
                throw new HelpRequested();
            } else if (name.equals("--insecure-http")) {
                insecureHttp = true;
                continue;
            } else if (name.equals("--print-fingerprint")) {
                printFingerprint = true;
                continue;
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--listen" -> listen = value;
                case "--db-url" -> dbUrl = value;
                case "--db-user" -> dbUser = value;
                case "--db-password" -> throw onCommandLine(name, "--db-password-file", "O2POOL_DB_PASSWORD");
                case "--admin-password" -> throw onCommandLine(name, "--admin-password-file",
                        "O2POOL_ADMIN_PASSWORD");
                case "--db-password-file" -> dbPassword = firstLine(name, Path.of(value));
                case "--admin-password-file" -> adminPassword = firstLine(name, Path.of(value));
                case "--live-timeout" -> liveTimeoutS = positive(name, value);
                case "--token-ttl" -> tokenTtlH = positive(name, value);
                case "--status-interval" -> statusIntervalS = positive(name, value);
                case "--agent-timeout" -> agentTimeoutS = positive(name, value);
                case "--tls-cert" -> tlsCertificate = Path.of(value);
                case "--tls-key" -> tlsKey = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required\n" + USAGE);
        }
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen " + listen + ": expected ADDR:PORT, e.g. 127.0.0.1:8080");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen " + listen + ": port must be 0-65535");
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException(tlsCertificate == null
                    ? "--tls-key needs --tls-cert FILE (the PEM certificate chain that goes with the key)"
                    : "--tls-cert needs --tls-key FILE (the unencrypted PKCS#8 PEM key of the certificate)");
        }
        if (insecureHttp && tlsCertificate != null) {
            throw new IllegalArgumentException("--insecure-http serves plain HTTP, so --tls-cert/--tls-key would not"
                    + " be used; give one or the other");
        }
        if (adminPassword != null && adminPassword.length() < 8) {
            throw new IllegalArgumentException("the admin password (--admin-password-file or O2POOL_ADMIN_PASSWORD):"
                    + " use at least 8 characters");
        }
        if (dbUrl != null && dbUrl.matches("(?i).*[?&;]password=.*")) {
            throw new IllegalArgumentException("--db-url carries a password (password=...), which every user of"
                    + " this host sees on the command line (ps); remove it from the URL and give it with"
                    + " --db-password-file FILE or the environment variable O2POOL_DB_PASSWORD");
        }
        return new ManagerOptions(dataDir, host, port, dbUrl, dbUser, dbPassword, adminPassword,
                Duration.ofSeconds(liveTimeoutS), Duration.ofHours(tokenTtlH), Duration.ofSeconds(statusIntervalS),
                Duration.ofSeconds(agentTimeoutS),
                env.get(io.o2pool.manager.jobs.PausePoint.ENVIRONMENT_VARIABLE), tlsCertificate, tlsKey, insecureHttp,
                printFingerprint);
    }

    /** A password option given a value on the command line: refused, naming the file and environment ways. */
    private static IllegalArgumentException onCommandLine(String option, String fileOption, String variable) {
        return new IllegalArgumentException(option + ": a password on the command line is visible to every user of"
                + " this host (ps, /proc/PID/cmdline); write it to a file only the manager's user can read and give "
                + fileOption + " FILE, or set the environment variable " + variable);
    }

    /** The first line of a password file, without its line end; fails naming the option and file. */
    private static String firstLine(String option, Path file) {
        try {
            String line = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (line.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + ": the file's first line is empty;"
                        + " write the password there");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /** Every option, the passwords masked: safe to log. */
    @Override
    public String toString() {
        return "ManagerOptions[dataDir=" + dataDir + ", listen=" + listenHost + ":" + listenPort + ", dbUrl="
                + (dbUrl == null ? "embedded H2" : dbUrl) + ", dbUser=" + dbUser + ", dbPassword="
                + (dbPassword == null ? "none" : "***") + ", adminPassword=" + (adminPassword == null ? "none" : "***")
                + ", liveTimeout=" + liveTimeout + ", tokenTtl=" + tokenTtl + ", statusInterval=" + statusInterval
                + ", agentTimeout=" + agentTimeout + ", pauseAtStep=" + pauseAtStep + ", tlsCertificate="
                + tlsCertificate + ", tlsKey=" + tlsKey + ", insecureHttp=" + insecureHttp + "]";
    }

    private static long positive(String name, String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " " + value + ": expected a positive whole number");
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        public HelpRequested() {
            super("help requested", null, false, false);
        }
    }
}

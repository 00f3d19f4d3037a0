package io.o2pool.packaging.man;

import io.o2pool.agent.AgentOptions;
import io.o2pool.cli.Main;
import io.o2pool.manager.ManagerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Build step of the Debian packages: writes, per package, the man pages (from the picocli model and the daemons'
 * help texts) and the {@code changelog.gz} Debian policy asks every package to carry, all compressed as
 * {@code gzip -9n}.
 * <pre>usage: GenerateDocs OUT_DIR DEBIAN_VERSION BUILD_TIME(ISO-8601)</pre>
 * Writes {@code OUT_DIR/<package>/man/*.gz} and {@code OUT_DIR/<package>/changelog.gz} for the packages
 * {@code o2pool}, {@code o2pool-agent} and {@code o2pool-manager}.
 */
public final class GenerateDocs {
    static final String MAINTAINER = "o2pool maintainers <maintainers@o2pool.io>";

    private GenerateDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: GenerateDocs OUT_DIR DEBIAN_VERSION BUILD_TIME");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String version = args[1];
        Instant built = Instant.parse(args[2]);
        String date = DateTimeFormatter.ISO_LOCAL_DATE.format(built.atZone(ZoneOffset.UTC));

        for (Map.Entry<String, String> page : new CliManPages(version, date).pages(Main.commandLine()).entrySet()) {
            write(out.resolve("o2pool/man").resolve(page.getKey() + ".gz"), page.getValue());
        }
        write(out.resolve("o2pool-agent/man/o2pool-agent.8.gz"), agent().text(version, date));
        write(out.resolve("o2pool-manager/man/o2pool-manager.8.gz"), manager().text(version, date));
        for (String pkg : List.of("o2pool", "o2pool-agent", "o2pool-manager")) {
            write(out.resolve(pkg).resolve("changelog.gz"), changelog(pkg, version, built));
        }
    }

    static DaemonManPage agent() {
        return new DaemonManPage("o2pool-agent", "o2pool agent daemon: the HTTPS API the manager configures this "
                + "server through", AgentOptions.HELP, List.of(
                "The o2pool agent runs on every server of a pool. The o2pool-agent package starts it as the systemd",
                "unit o2pool-agent.service with --config /etc/o2pool/agent.conf; the settings of that file are the",
                "option names below without the leading dashes (name = value), and options on the command line win.",
                "It runs as root: it edits /etc/ocfs2/cluster.conf and /etc/default/o2cb, registers the cluster in",
                "configfs, mounts the OCFS2 repositories under /var/ovs/mount and stops VMs.",
                "Its log goes to the journal (journalctl -u o2pool-agent) and to STATE/logs/agent.log."), List.of(
                "/etc/o2pool/agent.conf", "the settings (a conffile).",
                "/etc/o2pool/agent-password", "the agent password generated at installation (root only); give it to "
                        + "the manager with the fingerprint when you add the server.",
                "/etc/default/o2pool-agent", "environment of the unit: O2POOL_JAVA_OPTS for the Java runtime.",
                "/var/lib/o2pool/agent", "the state: certificate (tls/), password hash, configuration generations, "
                        + "logs. Kept on remove, deleted on purge.",
                "/usr/lib/o2pool-agent", "the program and its own Java runtime."),
                List.of("o2pool(1)", "o2pool-manager(8)", "o2cb(8)", "systemctl(1)", "journalctl(1)"));
    }

    static DaemonManPage manager() {
        return new DaemonManPage("o2pool-manager", "o2pool manager daemon: REST API, web UI and job engine of "
                + "the pools", ManagerOptions.USAGE, List.of(
                "The o2pool manager runs once per site. The o2pool-manager package starts it as the systemd unit",
                "o2pool-manager.service, as the system user o2pool, with --config /etc/o2pool/manager.conf; the",
                "settings of that file are the option names below without the leading dashes (name = value; a flag",
                "such as insecure-http takes true or false), given before any option of the command line.",
                "Its log goes to the journal (journalctl -u o2pool-manager)."), List.of(
                "/etc/o2pool/manager.conf", "the settings (a conffile).",
                "/etc/o2pool/admin-password", "the password of user admin generated at installation, read at the "
                        + "first start (readable by root and group o2pool).",
                "/etc/default/o2pool-manager", "environment of the unit: O2POOL_JAVA_OPTS, O2POOL_DB_PASSWORD.",
                "/var/lib/o2pool/manager", "the data directory: embedded H2 database, tls/ with the manager's key "
                        + "pair. Kept on remove, deleted on purge.",
                "/usr/lib/o2pool-manager", "the program and its own Java runtime."),
                List.of("o2pool(1)", "o2pool-agent(8)", "systemctl(1)", "journalctl(1)"));
    }

    /** A one-entry Debian changelog for {@code pkg} at {@code version} (the packages are built from the sources). */
    static String changelog(String pkg, String version, Instant built) {
        String rfc2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
                .format(built.atZone(ZoneOffset.UTC));
        return pkg + " (" + version + ") unstable; urgency=medium\n\n"
                + "  * Built from the o2pool sources; see the project's history for the changes.\n\n"
                + " -- " + MAINTAINER + "  " + rfc2822 + "\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, GzipMax.compress(text.getBytes(StandardCharsets.UTF_8)));
    }
}

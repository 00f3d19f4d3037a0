package io.o2pool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.o2pool.cli.client.ClientEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --help} on every command and every group prints its usage, exits 0 and does nothing else: no connection
 * reaches the manager (not even a TLS handshake or a fingerprint probe), no login file is written, no benchmark
 * starts. The ocfs2-tools emulations ({@code o2cb},
 * {@code o2cb_ctl}) answer {@code --help} as the real tools do and are not checked here; the daemons print their own
 * option lists.
 */
class HelpTest {
    @TempDir
    Path dir;

    /** Stands in for the manager: counts every TCP connection and closes it. */
    private ServerSocket manager;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void recordingManager() throws IOException {
        manager = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!manager.isClosed()) {
                try (Socket s = manager.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    // the test ended
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        manager.close();
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run o2pool(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var env = new ClientEnvironment(Map.of("O2POOL_URL", "https://127.0.0.1:" + manager.getLocalPort(),
                "O2POOL_FINGERPRINT", "AB".repeat(32), "O2POOL_LOGIN_FILE", dir.resolve("login.json").toString(),
                "O2POOL_PASSWORD", "not-used"),
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc = Main.commandLine(env).execute(args.toArray(String[]::new));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every command path below {@code o2pool}, groups before their commands, without the own-help programs. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(ClientEnvironment.system()), List.of(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            List<String> p = Stream.concat(path.stream(), Stream.of(name)).toList();
            if (p.size() == 1 && Main.OWN_HELP.contains(name)) {
                return;
            }
            paths.add(p);
            collect(sub, p, paths);
        });
    }

    @Test
    void everyGroupAndCommandPrintsItsUsageAndSendsNothing() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).contains(List.of("server"), List.of("server", "add"), List.of("pool"), List.of("job"),
                List.of("vm"), List.of("vm", "create"), List.of("vm", "migrate"),
                List.of("bench"), List.of("bench", "add-server"), List.of("bench", "cluster"));
        for (List<String> path : paths) {
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(help);
                Run r = o2pool(args);
                assertThat(r.exitCode()).as("o2pool %s: %s", args, r).isZero();
                assertThat(r.out()).as("o2pool %s", args).contains("Usage: o2pool " + String.join(" ", path) + " ");
                assertThat(r.err()).as("o2pool %s", args).isEmpty();
            }
        }
        assertThat(connections).as("connections that reached the manager").hasValue(0);
        assertThat(dir.resolve("login.json")).doesNotExist();
    }

    @Test
    void benchmarksPrintUsageAndRunNothing() throws IOException {
        List<String> before = benchFolders();
        for (List<String> args : List.of(List.of("bench", "--help"), List.of("bench", "add-server", "--help"),
                List.of("bench", "add-server", "--short-timeouts", "--help"), List.of("bench", "cluster", "--help"),
                List.of("bench", "cluster", "detection", "--help"),
                List.of("bench", "cluster", "footprint", "--nodes", "4", "--help"),
                List.of("bench", "cluster", "false-deaths", "-h"))) {
            Run r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> o2pool(args), () -> "o2pool " + args);
            assertThat(r.exitCode()).as("o2pool %s: %s", args, r).isZero();
            assertThat(r.out()).as("o2pool %s", args).startsWith("Usage: o2pool bench").doesNotContain("benchmark,");
        }
        assertThat(benchFolders()).as("temporary folders of a started benchmark").isEqualTo(before);
    }

    @Test
    void aGroupWithoutACommandSaysSoAndShowsItsCommands() {
        Run r = o2pool(List.of("server"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand", "add-batch", "maintenance");
    }

    private static List<String> benchFolders() throws IOException {
        try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("o2pool-bench")).sorted()
                    .toList();
        }
    }
}

package io.o2pool.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code o2pool manager} options: defaults, environment, messages that say what to change, and passwords that come
 * only from files or the environment, never from the command line (where {@code ps} shows them to every user).
 */
class ManagerOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAndOverrides() {
        var o = ManagerOptions.parse(List.of("--data-dir", "/tmp/m"), Map.of());
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/m"));
        assertThat(o.listenHost()).isEqualTo("127.0.0.1");
        assertThat(o.listenPort()).isEqualTo(8080);
        assertThat(o.dbUrl()).isNull();
        assertThat(o.liveTimeout()).isEqualTo(Duration.ofSeconds(120));
        var p = ManagerOptions.parse(List.of("--data-dir=/d", "--listen", "127.0.1.9:0", "--db-url",
                "jdbc:postgresql://127.0.0.1/x", "--db-user", "u", "--live-timeout", "30"),
                Map.of("O2POOL_DB_PASSWORD", "pw", "O2POOL_ADMIN_PASSWORD", "long-enough"));
        assertThat(p.listenHost()).isEqualTo("127.0.1.9");
        assertThat(p.listenPort()).isZero();
        assertThat(p.dbPassword()).isEqualTo("pw");
        assertThat(p.adminPassword()).isEqualTo("long-enough");
    }

    @Test
    void badOptionsSayWhatToChange() {
        assertThatThrownBy(() -> ManagerOptions.parse(List.of(), Map.of())).hasMessageContaining("--data-dir is required");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--listen", "8080"), Map.of()))
                .hasMessageContaining("ADDR:PORT");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--bogus", "1"), Map.of()))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d"),
                Map.of("O2POOL_ADMIN_PASSWORD", "short"))).hasMessageContaining("at least 8");
        assertThat(ManagerMain.run(List.of("--bogus"), System.out, System.err)).isEqualTo(2);
        assertThat(ManagerMain.run(List.of("--help"), System.out, System.err)).isZero();
    }

    @Test
    void passwordsOnTheCommandLineAreRefusedNamingTheFileAndTheEnvironmentVariable() {
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--db-password", "s3cret-db"),
                Map.of())).hasMessage("--db-password: a password on the command line is visible to every user of"
                        + " this host (ps, /proc/PID/cmdline); write it to a file only the manager's user can read"
                        + " and give --db-password-file FILE, or set the environment variable O2POOL_DB_PASSWORD");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--admin-password=s3cret-admin"),
                Map.of())).hasMessageContaining("--admin-password: a password on the command line")
                .hasMessageContaining("--admin-password-file FILE, or set the environment variable"
                        + " O2POOL_ADMIN_PASSWORD").hasMessageNotContaining("s3cret-admin");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--db-url",
                "jdbc:postgresql://db/o2pool?user=o2pool&password=s3cret-db"), Map.of()))
                .hasMessageContaining("--db-url carries a password").hasMessageNotContaining("s3cret-db");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ManagerMain.run(List.of("--data-dir", dir.toString(), "--admin-password", "s3cret-admin"),
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--admin-password-file").doesNotContain("s3cret");
    }

    @Test
    void passwordsComeFromTheFirstLineOfTheirFilesAndAreNeverPrinted() throws Exception {
        Path db = dir.resolve("db-password");
        Path admin = dir.resolve("admin-password");
        Files.writeString(db, "s3cret-db\nignored second line\n");
        Files.writeString(admin, "s3cret-admin\n");
        var o = ManagerOptions.parse(List.of("--data-dir", "d", "--db-url", "jdbc:postgresql://db/o2pool",
                "--db-password-file", db.toString(), "--admin-password-file", admin.toString()),
                Map.of("O2POOL_DB_PASSWORD", "from-env", "O2POOL_ADMIN_PASSWORD", "from-env-too"));
        assertThat(o.dbPassword()).as("the file wins over the environment").isEqualTo("s3cret-db");
        assertThat(o.adminPassword()).isEqualTo("s3cret-admin");
        assertThat(o.toString()).doesNotContain("s3cret").contains("dbPassword=***", "adminPassword=***");

        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--db-password-file",
                dir.resolve("missing").toString()), Map.of()))
                .hasMessageStartingWith("--db-password-file " + dir.resolve("missing") + ": cannot read it");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> ManagerOptions.parse(List.of("--data-dir", "d", "--admin-password-file",
                empty.toString()), Map.of())).hasMessage("--admin-password-file " + empty
                        + ": the file's first line is empty; write the password there");
    }
}

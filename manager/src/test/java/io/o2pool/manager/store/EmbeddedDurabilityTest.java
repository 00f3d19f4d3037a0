package io.o2pool.manager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps a commit when the manager dies right after it: a child JVM opens the manager's H2 store
 * the way the manager does, commits a row and halts at once (no shutdown hooks, like {@code kill -9}); the row is
 * there when the database is opened again. With H2's default write delay the last second of commits was lost, which
 * let a restarted manager see an older pool generation than its agents had committed.
 */
class EmbeddedDurabilityTest {

    /** The child: commit, then die without closing anything. */
    public static void main(String[] args) {
        Database db = Database.open(DatabaseConfig.embedded(Path.of(args[0])));
        db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE durability_probe (v INT)");
            h.execute("INSERT INTO durability_probe VALUES (?)", Integer.parseInt(args[1]));
        });
        Runtime.getRuntime().halt(0);
    }

    @Test
    void aCommitSurvivesTheProcessDyingRightAfterIt(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmbeddedDurabilityTest.class.getName(), dir.toString(), "42"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("child exit").isZero();

        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            List<Integer> values = db.jdbi().withHandle(h ->
                    h.createQuery("SELECT v FROM durability_probe").mapTo(Integer.class).list());
            assertThat(values).containsExactly(42);
        }
    }

    @Test
    void anH2UrlGivenByTheOperatorAlsoWritesCommitsThrough() {
        assertThat(new DatabaseConfig("jdbc:h2:file:/var/lib/o2pool/db", "sa", "").jdbcUrl())
                .isEqualTo("jdbc:h2:file:/var/lib/o2pool/db;WRITE_DELAY=0");
        assertThat(new DatabaseConfig("jdbc:h2:file:/x;write_delay=200", "sa", "").jdbcUrl())
                .as("an explicit choice is kept").isEqualTo("jdbc:h2:file:/x;write_delay=200");
        assertThat(new DatabaseConfig("jdbc:postgresql://db/o2pool", null, null).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/o2pool");
    }
}

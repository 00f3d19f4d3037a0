package io.o2pool.e2e.pool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The end-to-end Add Server suite with the manager on PostgreSQL, in a fresh schema dropped afterwards. Runs when
 * {@code O2POOL_TEST_PG_URL} is set (./test and CI always set it; an unreachable server then fails the suite rather
 * than skipping it), with {@code O2POOL_TEST_PG_USER} / {@code O2POOL_TEST_PG_PASSWORD} (default o2pool_test).
 */
class AddServerPostgresE2ETest extends AddServerE2ESuite {
    static final String URL = System.getenv("O2POOL_TEST_PG_URL");
    static final String USER = System.getenv().getOrDefault("O2POOL_TEST_PG_USER", "o2pool_test");
    static final String PASSWORD = System.getenv().getOrDefault("O2POOL_TEST_PG_PASSWORD", "o2pool_test");
    private String schema;
    private Path passwordFile;

    @Override
    List<String> dbArgs() throws Exception {
        assumeTrue(URL != null && !URL.isBlank(), "O2POOL_TEST_PG_URL not set; PostgreSQL end-to-end suite skipped");
        schema = "o2pool_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(URL, USER, PASSWORD); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        passwordFile = Files.createTempFile("o2pool-e2e-db-password-", "", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, PASSWORD + "\n");
        return List.of("--db-url", url, "--db-user", USER, "--db-password-file", passwordFile.toString());
    }

    private String url;

    @Override
    java.sql.Connection openDatabase() throws Exception {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    @AfterAll
    void dropSchema() throws Exception {
        if (passwordFile != null) {
            Files.deleteIfExists(passwordFile);
        }
        if (schema != null) {
            stopPool();
            try (var c = DriverManager.getConnection(URL, USER, PASSWORD); var s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}

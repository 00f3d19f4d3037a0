package io.o2pool.manager.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the manager keeps its state: a JDBC URL with optional credentials. The default is an H2 file database in the
 * data directory; a {@code jdbc:postgresql:} URL selects PostgreSQL through the same code path.
 *
 * @param user null when the URL carries the credentials or the database needs none
 * @param password null when the URL carries the credentials or the database needs none
 */
public record DatabaseConfig(String jdbcUrl, String user, String password) {
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database URL " + jdbcUrl
                    + " is not supported; use jdbc:postgresql://HOST:PORT/DB or leave --db-url out for the embedded H2");
        }
    }

    /** The embedded H2 database file {@code DIR/o2pool.mv.db}. */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("o2pool");
        return new DatabaseConfig("jdbc:h2:file:" + file, "sa", "");
    }

    /** Whether this is the embedded H2 database. */
    public boolean isEmbedded() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** The URL without credentials that may be embedded in it, for logs. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}

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
        if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            jdbcUrl = jdbcUrl + DURABLE_COMMITS;
        }
    }

    /**
     * H2 writes a commit to its file up to a second later by default (MVStore's auto-commit delay), so a manager killed
     * right after a commit would come back without it: a job step recorded as done before the kill would be redone, or
     * the pool's generation would go back while the agents moved on. {@code WRITE_DELAY=0} writes every commit through
     * to the file before the commit returns.
     */
    static final String DURABLE_COMMITS = ";WRITE_DELAY=0";

    /** The embedded H2 database file {@code DIR/o2pool.mv.db}, every commit written through before it returns. */
    public static DatabaseConfig embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("o2pool");
        return new DatabaseConfig("jdbc:h2:file:" + file + DURABLE_COMMITS, "sa", "");
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

package io.o2pool.manager.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's database: a connection pool, the schema brought up to date by Flyway at open, and a Jdbi handle
 * factory the stores share. The same migrations and SQL serve H2 and PostgreSQL. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens the database and applies pending migrations; fails with the database's message when it cannot. */
    public static Database open(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(8);
        hikari.setPoolName("o2pool-manager");
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            var result = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info("database {} at schema version {} ({} migrations applied)", config.redactedUrl(),
                    result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

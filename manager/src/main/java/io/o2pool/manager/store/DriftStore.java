package io.o2pool.manager.store;

import io.o2pool.manager.drift.Drift;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The servers whose live configuration differs from their pool's (one row each). Thread-safe. */
public final class DriftStore {
    private static final String COLUMNS = "d.server_id, s.name, d.detected_at, d.live_generation,"
            + " d.expected_generation, d.live_checksum, d.expected_checksum, d.hand_edited, d.diff, d.problems";

    private final Jdbi jdbi;

    public DriftStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records (or replaces) the drift of a server. */
    public void put(Drift d) {
        jdbi.useTransaction(h -> {
            clear(h, d.serverId());
            h.createUpdate("INSERT INTO server_drift (server_id, detected_at, live_generation, expected_generation,"
                            + " live_checksum, expected_checksum, hand_edited, diff, problems) VALUES (:s, :at, :lg, :eg, :lc,"
                            + " :ec, :he, :diff, :problems)")
                    .bind("s", d.serverId()).bind("at", Millis.of(d.detectedAt())).bind("lg", d.liveGeneration())
                    .bind("eg", d.expectedGeneration()).bind("lc", d.liveChecksum()).bind("ec", d.expectedChecksum())
                    .bind("he", d.handEdited()).bind("diff", d.diff())
                    .bind("problems", String.join("\n", d.problems())).execute();
        });
    }

    public void clear(long serverId) {
        jdbi.useHandle(h -> clear(h, serverId));
    }

    public void clear(Handle h, long serverId) {
        h.createUpdate("DELETE FROM server_drift WHERE server_id = :s").bind("s", serverId).execute();
    }

    public Optional<Drift> find(long serverId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM server_drift d JOIN servers s ON s.id = d.server_id WHERE d.server_id = :s")
                .bind("s", serverId).map((rs, ctx) -> map(rs)).findOne());
    }

    public List<Drift> listByPool(long poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM server_drift d JOIN servers s ON s.id = d.server_id WHERE s.pool_id = :p ORDER BY s.id")
                .bind("p", poolId).map((rs, ctx) -> map(rs)).list());
    }

    private static Drift map(ResultSet rs) throws SQLException {
        long live = rs.getLong("live_generation");
        Long liveGeneration = rs.wasNull() ? null : live;
        return new Drift(rs.getLong("server_id"), rs.getString("name"), Millis.read(rs, "detected_at"),
                liveGeneration, rs.getLong("expected_generation"), rs.getString("live_checksum"),
                rs.getString("expected_checksum"), rs.getBoolean("hand_edited"), rs.getString("diff"),
                rs.getString("problems").isEmpty() ? List.of() : List.of(rs.getString("problems").split("\n")));
    }
}

package io.o2pool.manager.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Converts between {@link Instant} and the epoch-millisecond BIGINT columns the schema uses for every time. */
final class Millis {
    private Millis() {
    }

    static Long of(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant read(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Long readLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer readInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}

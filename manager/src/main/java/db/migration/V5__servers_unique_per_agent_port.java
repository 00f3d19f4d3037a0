package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Servers become unique by host and agent port instead of host alone, so several agents behind one address (port
 * forwards to VMs or containers, each with its own cluster address) can be servers of a pool. The old single-column
 * constraint was named by the database (H2 and PostgreSQL name it differently), so it is found through the standard
 * information schema both implement. Java, because plain SQL cannot name it portably.
 */
public class V5__servers_unique_per_agent_port extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        List<String> names = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT tc.constraint_name FROM information_schema.table_constraints tc"
                + " JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name"
                + " AND k.table_name = tc.table_name AND k.table_schema = tc.table_schema"
                + " WHERE LOWER(tc.table_name) = 'servers' AND tc.constraint_type = 'UNIQUE'"
                + " AND tc.table_schema = CURRENT_SCHEMA"
                + " GROUP BY tc.constraint_name HAVING COUNT(*) = 1 AND MAX(LOWER(k.column_name)) = 'host'");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        if (names.size() != 1) {
            throw new IllegalStateException("expected one unique constraint on servers(host), found " + names);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE servers DROP CONSTRAINT \"" + names.getFirst() + "\"");
            s.execute("ALTER TABLE servers ADD CONSTRAINT servers_host_agent_port UNIQUE (host, agent_port)");
        }
    }
}

package io.o2pool.manager.store;

import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes servers. Thread-safe; methods taking a {@link Handle} join the caller's transaction. */
public final class ServerStore {
    private static final String COLUMNS = "id, pool_id, host, name, type, location, description, ip_address,"
            + " node_number, node_name, status, status_step, status_reason, agent_port, agent_password,"
            + " agent_fingerprint, config_generation, created_at, updated_at";

    private final Jdbi jdbi;

    public ServerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts a server (its id is ignored) and returns it with its id. */
    public Server insert(Handle h, Server s) {
        long id = h.createUpdate("INSERT INTO servers (pool_id, host, name, type, location, description, ip_address,"
                        + " node_number, node_name, status, status_step, status_reason, agent_port, agent_password,"
                        + " agent_fingerprint, config_generation, created_at, updated_at) VALUES (:pool, :host, :name,"
                        + " :type, :location, :description, :ip, :node, :nodeName, :status, :step, :reason, :port,"
                        + " :password, :fingerprint, :gen, :created, :updated)")
                .bind("pool", s.poolId())
                .bind("host", s.host())
                .bind("name", s.name())
                .bind("type", s.type().name())
                .bind("location", s.location())
                .bind("description", s.description())
                .bind("ip", s.ipAddress())
                .bind("node", s.nodeNumber())
                .bind("nodeName", s.nodeName())
                .bind("status", s.status().name())
                .bind("step", s.statusStep())
                .bind("reason", s.statusReason())
                .bind("port", s.agentPort())
                .bind("password", s.agentPassword())
                .bind("fingerprint", s.agentFingerprint())
                .bind("gen", s.configGeneration())
                .bind("created", Millis.of(s.createdAt()))
                .bind("updated", Millis.of(s.updatedAt()))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return find(h, id).orElseThrow();
    }

    public List<Server> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM servers ORDER BY id")
                .map((rs, ctx) -> map(rs)).list());
    }

    public List<Server> listByPool(long poolId) {
        return jdbi.withHandle(h -> listByPool(h, poolId));
    }

    public List<Server> listByPool(Handle h, long poolId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM servers WHERE pool_id = :p ORDER BY id")
                .bind("p", poolId).map((rs, ctx) -> map(rs)).list();
    }

    public Optional<Server> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Server> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM servers WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<Server> findByName(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM servers WHERE name = :v").bind("v", name)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /** A server reached at {@code host} on {@code agentPort}, or whose cluster address is {@code host}. */
    public Optional<Server> findByHost(Handle h, String host, int agentPort) {
        return h.createQuery("SELECT " + COLUMNS + " FROM servers WHERE (host = :v AND agent_port = :p)"
                        + " OR ip_address = :v ORDER BY id")
                .bind("v", host).bind("p", agentPort).map((rs, ctx) -> map(rs)).findFirst();
    }

    /** A server whose cluster address (ip_address) is {@code address}. */
    public Optional<Server> findByClusterAddress(Handle h, String address) {
        return h.createQuery("SELECT " + COLUMNS + " FROM servers WHERE ip_address = :v ORDER BY id")
                .bind("v", address).map((rs, ctx) -> map(rs)).findFirst();
    }

    /** Sets the status; {@code step} and {@code reason} are cleared unless given (they matter for ERROR). */
    public void setStatus(Handle h, long id, ServerStatus status, String step, String reason, Instant now) {
        h.createUpdate("UPDATE servers SET status = :s, status_step = :step, status_reason = :reason,"
                        + " updated_at = :now WHERE id = :id")
                .bind("s", status.name()).bind("step", step).bind("reason", reason)
                .bind("now", Millis.of(now)).bind("id", id).execute();
    }

    /** Records the cluster identity the Add Server job chose; a null node number releases it. */
    public void setNode(Handle h, long id, Integer nodeNumber, String nodeName, String ipAddress, Instant now) {
        h.createUpdate("UPDATE servers SET node_number = :n, node_name = :name, ip_address = :ip, updated_at = :now"
                        + " WHERE id = :id")
                .bind("n", nodeNumber).bind("name", nodeName).bind("ip", ipAddress)
                .bind("now", Millis.of(now)).bind("id", id).execute();
    }

    public void setFingerprint(Handle h, long id, String fingerprint, Instant now) {
        h.createUpdate("UPDATE servers SET agent_fingerprint = :f, updated_at = :now WHERE id = :id")
                .bind("f", fingerprint).bind("now", Millis.of(now)).bind("id", id).execute();
    }

    /** Erases the agent password held for a server (its agent accepts this manager's certificate now). */
    public void forgetPassword(long id, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE servers SET agent_password = NULL, updated_at = :now WHERE id = :id")
                .bind("now", Millis.of(now)).bind("id", id).execute());
    }

    /** The servers whose agent password is still held (not enrolled yet, or enrolled before an upgrade). */
    public java.util.List<Server> withPassword() {
        return list().stream().filter(s -> s.agentPassword() != null).toList();
    }

    public void setConfigGeneration(Handle h, long id, long generation, Instant now) {
        h.createUpdate("UPDATE servers SET config_generation = :g, updated_at = :now WHERE id = :id")
                .bind("g", generation).bind("now", Millis.of(now)).bind("id", id).execute();
    }

    /** Deletes the server; VMs placed on it keep no placement (they are defined in the pool, not on a server). */
    public void delete(Handle h, long id) {
        h.createUpdate("UPDATE vms SET server_id = NULL WHERE server_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM servers WHERE id = :id").bind("id", id).execute();
    }

    private static Server map(ResultSet rs) throws SQLException {
        return new Server(
                rs.getLong("id"),
                rs.getLong("pool_id"),
                rs.getString("host"),
                rs.getString("name"),
                ServerType.valueOf(rs.getString("type")),
                rs.getString("location"),
                rs.getString("description"),
                rs.getString("ip_address"),
                Millis.readInt(rs, "node_number"),
                rs.getString("node_name"),
                ServerStatus.valueOf(rs.getString("status")),
                rs.getString("status_step"),
                rs.getString("status_reason"),
                rs.getInt("agent_port"),
                rs.getString("agent_password"),
                rs.getString("agent_fingerprint"),
                rs.getLong("config_generation"),
                Millis.read(rs, "created_at"),
                Millis.read(rs, "updated_at"));
    }
}

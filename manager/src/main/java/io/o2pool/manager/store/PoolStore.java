package io.o2pool.manager.store;

import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.RepositoryType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes server pools. Thread-safe; each call is its own transaction unless given a {@link Handle}. */
public final class PoolStore {
    private static final String COLUMNS = "id, name, cluster_name, ip_port, heartbeat_dead_threshold, idle_timeout_ms,"
            + " keepalive_delay_ms, reconnect_delay_ms, max_nodes, repository_type, repository_path, repository_uuid,"
            + " heartbeat_mode, loopback_pool, generation, created_at";

    private final Jdbi jdbi;

    public PoolStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts a pool (its id is ignored) and returns it with the id the database gave it. */
    public Pool insert(Handle h, Pool p) {
        long id = h.createUpdate("INSERT INTO pools (name, cluster_name, ip_port, heartbeat_dead_threshold,"
                        + " idle_timeout_ms, keepalive_delay_ms, reconnect_delay_ms, max_nodes, repository_type,"
                        + " repository_path, repository_uuid, heartbeat_mode, loopback_pool, generation, created_at)"
                        + " VALUES (:name, :cluster, :port, :dead, :idle, :keepalive, :reconnect, :max, :rtype, :rpath,"
                        + " :ruuid, :hb, :loopback, :gen, :created)")
                .bindMap(settings(p))
                .bind("gen", p.generation())
                .bind("created", Millis.of(p.createdAt()))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return find(h, id).orElseThrow();
    }

    public List<Pool> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM pools ORDER BY id")
                .map((rs, ctx) -> map(rs)).list());
    }

    public Optional<Pool> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Pool> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM pools WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<Pool> findByName(String name) {
        return jdbi.withHandle(h -> findByName(h, name));
    }

    public Optional<Pool> findByName(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM pools WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /**
     * The pool, its row locked until {@code h}'s transaction ends, so a rename, a settings change and a deletion of
     * the same pool happen one after the other.
     */
    public Optional<Pool> findForUpdate(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM pools WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /**
     * Replaces the pool's settings (name, cluster, timeouts, node limit, repository, heartbeat mode, loopback flag) with
     * {@code p}'s; its id names the row, its generation and creation time are not written.
     */
    public void update(Handle h, Pool p) {
        h.createUpdate("UPDATE pools SET name = :name, cluster_name = :cluster, ip_port = :port,"
                        + " heartbeat_dead_threshold = :dead, idle_timeout_ms = :idle, keepalive_delay_ms = :keepalive,"
                        + " reconnect_delay_ms = :reconnect, max_nodes = :max, repository_type = :rtype,"
                        + " repository_path = :rpath, repository_uuid = :ruuid, heartbeat_mode = :hb,"
                        + " loopback_pool = :loopback WHERE id = :id")
                .bindMap(settings(p))
                .bind("id", p.id())
                .execute();
    }

    /**
     * Deletes the pool with its jobs and their steps (the callers make sure it has no server and no unfinished job;
     * the events keep its history). Returns how many jobs went with it.
     */
    public int delete(Handle h, long poolId) {
        h.createUpdate("DELETE FROM job_steps WHERE job_id IN (SELECT id FROM jobs WHERE pool_id = :p)")
                .bind("p", poolId).execute();
        // a retry points at the job it retries, always of the same pool: unlink them before deleting
        h.createUpdate("UPDATE jobs SET retry_of = NULL WHERE pool_id = :p").bind("p", poolId).execute();
        int jobs = h.createUpdate("DELETE FROM jobs WHERE pool_id = :p").bind("p", poolId).execute();
        h.createUpdate("DELETE FROM pools WHERE id = :id").bind("id", poolId).execute();
        return jobs;
    }

    /** Records the pool's committed config generation. */
    public void setGeneration(Handle h, long poolId, long generation) {
        h.createUpdate("UPDATE pools SET generation = :g WHERE id = :id").bind("g", generation).bind("id", poolId)
                .execute();
    }

    /**
     * Reserves the next config generation for a job: one above both the committed and every generation tried before,
     * so a rolled-back generation number is never staged again with different content.
     */
    /** The generation {@link #reserveGeneration} would return now, without reserving it (for plans). */
    public long nextGeneration(long poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT GREATEST(generation, attempted_generation) + 1 FROM pools"
                + " WHERE id = :id").bind("id", poolId).mapTo(Long.class).one());
    }

    public long reserveGeneration(Handle h, long poolId) {
        long next = h.createQuery("SELECT GREATEST(generation, attempted_generation) + 1 FROM pools WHERE id = :id")
                .bind("id", poolId).mapTo(Long.class).one();
        h.createUpdate("UPDATE pools SET attempted_generation = :g WHERE id = :id").bind("g", next).bind("id", poolId)
                .execute();
        return next;
    }

    /**
     * Reserves the next config generation above {@code floor} too: for a re-sync whose members may run a generation
     * the pool never recorded (a restored manager database), since agents refuse to stage one not above their own.
     */
    public long reserveGenerationAbove(Handle h, long poolId, long floor) {
        long next = Math.max(reserveGeneration(h, poolId), floor + 1);
        h.createUpdate("UPDATE pools SET attempted_generation = :g WHERE id = :id").bind("g", next).bind("id", poolId)
                .execute();
        return next;
    }

    /** Records the repository UUID the first server reported. */
    public void setRepositoryUuid(Handle h, long poolId, String uuid) {
        h.createUpdate("UPDATE pools SET repository_uuid = :u WHERE id = :id").bind("u", uuid).bind("id", poolId)
                .execute();
    }

    /** Replaces the pool's o2cb timeouts. */
    public void setTimeouts(Handle h, long poolId, O2cbTimeouts t) {
        h.createUpdate("UPDATE pools SET heartbeat_dead_threshold = :d, idle_timeout_ms = :i, keepalive_delay_ms = :k,"
                        + " reconnect_delay_ms = :r WHERE id = :id")
                .bind("d", t.heartbeatDeadThreshold()).bind("i", t.idleTimeoutMs())
                .bind("k", t.keepaliveDelayMs()).bind("r", t.reconnectDelayMs()).bind("id", poolId).execute();
    }

    private static Boolean readBoolean(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    private static Pool map(ResultSet rs) throws SQLException {
        return new Pool(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("cluster_name"),
                rs.getInt("ip_port"),
                new O2cbTimeouts(rs.getInt("heartbeat_dead_threshold"), rs.getInt("idle_timeout_ms"),
                        rs.getInt("keepalive_delay_ms"), rs.getInt("reconnect_delay_ms")),
                rs.getInt("max_nodes"),
                RepositoryType.valueOf(rs.getString("repository_type")),
                rs.getString("repository_path"),
                rs.getString("repository_uuid"),
                HeartbeatMode.valueOf(rs.getString("heartbeat_mode")),
                readBoolean(rs, "loopback_pool"),
                rs.getLong("generation"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** The pool's settings as the named parameters both insert and update bind. */
    private static java.util.Map<String, Object> settings(Pool p) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("name", p.name());
        m.put("cluster", p.clusterName());
        m.put("port", p.ipPort());
        m.put("dead", p.timeouts().heartbeatDeadThreshold());
        m.put("idle", p.timeouts().idleTimeoutMs());
        m.put("keepalive", p.timeouts().keepaliveDelayMs());
        m.put("reconnect", p.timeouts().reconnectDelayMs());
        m.put("max", p.maxNodes());
        m.put("rtype", p.repositoryType().name());
        m.put("rpath", p.repositoryPath());
        m.put("ruuid", p.repositoryUuid()); // may be null: a HashMap, not Map.of
        m.put("hb", p.heartbeatMode().name());
        m.put("loopback", p.loopbackPool());
        return m;
    }
}

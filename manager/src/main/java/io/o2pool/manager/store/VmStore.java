package io.o2pool.manager.store;

import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes VMs. Thread-safe; methods taking a {@link Handle} join the caller's transaction. */
public final class VmStore {
    private static final String COLUMNS = "id, pool_id, name, uuid, vcpus, memory_mib, image, ha, preferred_server,"
            + " server_id, desired_state, state, state_reason, created_at, updated_at";

    private final Jdbi jdbi;

    public VmStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts a VM (its id is ignored) and returns it with its id. */
    public Vm insert(Handle h, Vm vm) {
        long id = h.createUpdate("INSERT INTO vms (pool_id, name, uuid, vcpus, memory_mib, image, ha, preferred_server,"
                        + " server_id, desired_state, state, state_reason, created_at, updated_at) VALUES (:pool, :name,"
                        + " :uuid, :vcpus, :memory, :image, :ha, :preferred, :server, :desired, :state, :reason,"
                        + " :created, :updated)")
                .bind("pool", vm.poolId())
                .bind("name", vm.name())
                .bind("uuid", vm.uuid())
                .bind("vcpus", vm.vcpus())
                .bind("memory", vm.memoryMib())
                .bind("image", vm.image())
                .bind("ha", vm.ha())
                .bind("preferred", vm.preferredServer())
                .bind("server", vm.serverId())
                .bind("desired", vm.desired().name())
                .bind("state", vm.state().name())
                .bind("reason", vm.stateReason())
                .bind("created", Millis.of(vm.createdAt()))
                .bind("updated", Millis.of(vm.updatedAt()))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return find(h, id).orElseThrow();
    }

    /** Every VM, by name. */
    public List<Vm> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM vms ORDER BY name")
                .map((rs, ctx) -> map(rs)).list());
    }

    /** The VMs of pool {@code poolId}, by name. */
    public List<Vm> listByPool(long poolId) {
        return jdbi.withHandle(h -> listByPool(h, poolId));
    }

    public List<Vm> listByPool(Handle h, long poolId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM vms WHERE pool_id = :p ORDER BY name").bind("p", poolId)
                .map((rs, ctx) -> map(rs)).list();
    }

    /** The VMs placed on server {@code serverId}, by name. */
    public List<Vm> listByServer(long serverId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM vms WHERE server_id = :s ORDER BY name")
                .bind("s", serverId).map((rs, ctx) -> map(rs)).list());
    }

    public Optional<Vm> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Vm> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM vms WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<Vm> findByName(String name) {
        return jdbi.withHandle(h -> findByName(h, name));
    }

    public Optional<Vm> findByName(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM vms WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /** Records where the VM is and in what state; {@code serverId} null keeps no placement. */
    public void setPlacement(Handle h, long id, Long serverId, VmState state, String reason, Instant now) {
        h.createUpdate("UPDATE vms SET server_id = :s, state = :state, state_reason = :r, updated_at = :t"
                        + " WHERE id = :id")
                .bind("s", serverId).bind("state", state.name()).bind("r", reason).bind("t", Millis.of(now))
                .bind("id", id).execute();
    }

    /** Records the state only (the placement stays). */
    public void setState(Handle h, long id, VmState state, String reason, Instant now) {
        h.createUpdate("UPDATE vms SET state = :state, state_reason = :r, updated_at = :t WHERE id = :id")
                .bind("state", state.name()).bind("r", reason).bind("t", Millis.of(now)).bind("id", id).execute();
    }

    /** Records what the operator asked for: RUNNING or STOPPED. */
    public void setDesired(Handle h, long id, VmState desired, Instant now) {
        if (desired != VmState.RUNNING && desired != VmState.STOPPED) {
            throw new IllegalArgumentException("desired state must be RUNNING or STOPPED, not " + desired);
        }
        h.createUpdate("UPDATE vms SET desired_state = :d, updated_at = :t WHERE id = :id")
                .bind("d", desired.name()).bind("t", Millis.of(now)).bind("id", id).execute();
    }

    public void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM vms WHERE id = :id").bind("id", id).execute();
    }

    /** Forgets placements on server {@code serverId} (it is being removed from the pool). */
    public void clearServer(Handle h, long serverId, Instant now) {
        h.createUpdate("UPDATE vms SET server_id = NULL, updated_at = :t WHERE server_id = :s")
                .bind("s", serverId).bind("t", Millis.of(now)).execute();
    }

    private static Vm map(ResultSet rs) throws SQLException {
        return new Vm(
                rs.getLong("id"),
                rs.getLong("pool_id"),
                rs.getString("name"),
                rs.getString("uuid"),
                rs.getInt("vcpus"),
                rs.getInt("memory_mib"),
                rs.getString("image"),
                rs.getBoolean("ha"),
                rs.getString("preferred_server"),
                Millis.readLong(rs, "server_id"),
                VmState.valueOf(rs.getString("desired_state")),
                VmState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                Millis.read(rs, "created_at"),
                Millis.read(rs, "updated_at"));
    }
}

package io.o2pool.manager;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.o2pool.manager.addserver.AddServerSettings;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.jobs.JobEngine;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.jobs.Pacer;
import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import io.o2pool.manager.store.Database;
import io.o2pool.manager.store.DatabaseConfig;
import io.o2pool.manager.store.Store;
import io.o2pool.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Unit-test wiring: a store on an H2 file in a temp dir (or PostgreSQL when O2POOL_TEST_PG_URL is set and asked for), a
 * fake clock, a pacer that advances it instead of sleeping, and a job engine that runs jobs on the calling thread.
 */
public final class TestPools implements AutoCloseable {
    public final FakeClock clock = FakeClock.atEpochOfSeed();
    public final Pacer pacer = clock::advance;
    public final Database database;
    public final Store store;
    public JobEngine engine;
    /** The operations {@link #engine(AgentConnector)} wired, for plans. */
    public Operations operations;

    public TestPools(Path dir) {
        this(DatabaseConfig.embedded(dir));
    }

    public TestPools(DatabaseConfig config) {
        database = Database.open(config);
        store = Store.over(database, clock);
    }

    /** An engine with the Add/Remove handlers over {@code agents}, running jobs synchronously. */
    public JobEngine engine(AgentConnector agents) {
        var settings = new AddServerSettings(Duration.ofSeconds(30), Duration.ofMillis(500));
        operations = Operations.over(agents, settings, Json.mapper());
        return engine(operations.handlers());
    }

    public JobEngine engine(List<JobHandler> handlers) {
        engine = new JobEngine(store, handlers, Runnable::run, clock, pacer, Json.mapper(), new SimpleMeterRegistry());
        return engine;
    }

    public Pool pool(String name) {
        return store.jdbi().inTransaction(h -> store.pools().insert(h, new Pool(0, name, "ocfs2", 7777,
                O2cbTimeouts.defaults(), 32, RepositoryType.OCFS2, "/dev/sdc1", null, HeartbeatMode.LOCAL, true, 0,
                clock.instant())));
    }

    /** Stores servers ADDING and runs one Add Server (one server) or batch job for them; returns the finished job. */
    public Job add(Pool pool, String... hostsAndNames) {
        return add(pool, false, hostsAndNames);
    }

    /** As {@link #add(Pool, String...)}; {@code growSlots} asks the job to grow the volume's node slots if needed. */
    public Job add(Pool pool, boolean growSlots, String... hostsAndNames) {
        List<Long> ids = new java.util.ArrayList<>();
        Job job = store.jdbi().inTransaction(h -> {
            for (int i = 0; i < hostsAndNames.length; i += 2) {
                ids.add(store.servers().insert(h, new Server(0, pool.id(), hostsAndNames[i], hostsAndNames[i + 1],
                        ServerType.VM_SERVER, null, null, null, null, null, ServerStatus.ADDING, null, null, 8899,
                        io.o2pool.manager.agents.FakeFleet.PASSWORD, null, 0, clock.instant(),
                        clock.instant())).id());
            }
            return engine.enqueue(h, pool.id(), ids.size() == 1 ? JobKind.ADD_SERVER : JobKind.BATCH_ADD,
                    ids.size() == 1 ? ids.getFirst() : null, null, io.o2pool.manager.addserver.AddServersOperation.input(Json.mapper(), ids,
                            growSlots));
        });
        engine.dispatch(pool.id());
        return store.jobs().find(job.id()).orElseThrow();
    }

    /**
     * Adds fake agents on 127.0.1.1 to 127.0.1.{@code count} (host names vm-host01, ...) to {@code fleet} and makes
     * servers srv1 to srv{@code count} ACTIVE members of {@code pool}, one Add Server job each.
     */
    public void activeMembers(io.o2pool.manager.agents.FakeFleet fleet, Pool pool, int count) {
        for (int i = 1; i <= count; i++) {
            fleet.add("127.0.1." + i, "vm-host0" + i);
            Job job = add(pool, "127.0.1." + i, "srv" + i);
            if (job.status() != io.o2pool.manager.model.JobStatus.SUCCEEDED) {
                throw new AssertionError("adding srv" + i + " failed: " + job.errorMessage());
            }
        }
    }

    public Server server(String name) {
        return store.servers().list().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        database.close();
    }
}

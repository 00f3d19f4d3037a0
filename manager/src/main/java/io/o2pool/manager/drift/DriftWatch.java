package io.o2pool.manager.drift;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift detection, one round per status tick: for each pool with no job in flight, reads every member's live files
 * and compares them with what the pool's generation renders to. A new or changed difference is recorded (with its
 * diff, shown by {@code GET /api/pools/{id}/drift}) and logged as a {@code config.drift} event; a member back in step
 * is cleared. Members that are absent (DEAD, FENCED, MAINTENANCE) are not read: they missed changes by design and are
 * brought to the pool's generation when they come back. When a pool drifts and every member answers (a member that was away is back), a Re-sync job is queued,
 * at most once per {@link #RESYNC_BACKOFF} per pool so a failing re-sync does not loop. Time comes from the clock.
 */
public final class DriftWatch {
    static final Duration RESYNC_BACKOFF = Duration.ofMinutes(1);

    private final Store store;
    private final AgentConnector connector;
    private final Clock clock;
    private final ResyncQueue queue;
    private final Duration every;
    private final Map<Long, Instant> lastResync = new HashMap<>();
    private Instant nextRound;

    /** Queues a Re-sync job for a pool and starts the engine on it. */
    @FunctionalInterface
    public interface ResyncQueue {
        Job enqueue(long poolId);
    }

    /** A watch that looks at most once per {@code every} (each look reads every member's files). */
    public DriftWatch(Store store, AgentConnector connector, Clock clock, Duration every, ResyncQueue queue) {
        this.every = every;
        this.store = store;
        this.connector = connector;
        this.clock = clock;
        this.queue = queue;
    }

    /** One round over every pool, unless the last one was less than {@code every} ago. */
    public void tick() throws InterruptedException {
        Instant now = clock.instant();
        if (nextRound != null && now.isBefore(nextRound)) {
            return;
        }
        nextRound = now.plus(every);
        for (Pool pool : store.pools().list()) {
            if (pool.generation() > 0 && !store.jobs().hasUnfinishedJob(pool.id())) {
                check(pool);
            }
        }
    }

    private void check(Pool pool) throws InterruptedException {
        List<Server> holders = store.servers().listByPool(pool.id()).stream()
                .filter(s -> s.nodeNumber() != null).toList();
        // absent members (DEAD, FENCED, MAINTENANCE) missed changes by design: their return re-syncs them first
        List<Server> members = new PoolState(pool, holders, pool.generation()).participants().stream()
                .filter(s -> s.status() != ServerStatus.ADDING && s.status() != ServerStatus.REMOVING).toList();
        if (members.isEmpty()) {
            return;
        }
        ConfigBundle expected = new PoolState(pool, holders, pool.generation()).currentFiles();
        var lives = FanOut.all(new PoolAgents(connector).connect(members), AgentGateway::liveConfig);
        if (store.jobs().hasUnfinishedJob(pool.id())) {
            return; // a job started while we read: its files are in flight, not drift
        }
        Instant now = clock.instant();
        boolean allAnswered = true;
        boolean drifted = false;
        for (int i = 0; i < members.size(); i++) {
            Server m = members.get(i);
            if (!lives.get(i).ok()) {
                allAnswered = false; // unreachable: keep what we knew, look again when it answers
                continue;
            }
            Optional<Drift> drift = DriftCheck.check(expected, m, lives.get(i).value(), now);
            Optional<Drift> known = store.drifts().find(m.id());
            if (drift.isPresent()) {
                drifted = true;
                if (known.isEmpty() || !known.get().sameAs(drift.get())) {
                    store.drifts().put(drift.get());
                    store.events().append("config.drift", pool.id(), m.id(), null, drift.get().summary()
                            + "; see GET /api/pools/" + pool.id() + "/drift for the diff");
                }
            } else if (known.isPresent()) {
                store.drifts().clear(m.id());
                store.events().append("config.in-step", pool.id(), m.id(), null, "server " + m.name()
                        + " runs the pool's generation " + expected.generation() + " again");
            }
        }
        if (drifted && allAnswered && backoffOver(pool.id(), now)) {
            lastResync.put(pool.id(), now);
            Job job = queue.enqueue(pool.id());
            store.events().append("config.resync", pool.id(), null, job.id(), "Re-sync job " + job.id()
                    + " queued for pool " + pool.name() + ": every member answers and some run other files");
        }
    }

    private boolean backoffOver(long poolId, Instant now) {
        Instant last = lastResync.get(poolId);
        return last == null || !now.isBefore(last.plus(RESYNC_BACKOFF));
    }

    /** The default queue: a RESYNC job through {@code engine}. */
    public static ResyncQueue through(Store store, io.o2pool.manager.jobs.JobEngine engine,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        return poolId -> {
            Job job = store.jdbi().inTransaction(h -> engine.enqueue(h, poolId, JobKind.RESYNC, null, null,
                    json.createObjectNode()));
            engine.dispatch(poolId);
            return job;
        };
    }
}

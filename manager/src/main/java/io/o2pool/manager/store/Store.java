package io.o2pool.manager.store;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * All the manager's stores over one database, so components take one object. Use {@link #jdbi()} for transactions
 * that span stores (e.g. a server and its job inserted together).
 */
public record Store(Jdbi jdbi, PoolStore pools, ServerStore servers, JobStore jobs, EventStore events,
                    UserStore users, DriftStore drifts, VmStore vms) {

    public static Store over(Database db, Clock clock) {
        Jdbi jdbi = db.jdbi();
        return new Store(jdbi, new PoolStore(jdbi), new ServerStore(jdbi), new JobStore(jdbi),
                new EventStore(jdbi, clock), new UserStore(jdbi), new DriftStore(jdbi),
                new VmStore(jdbi));
    }
}

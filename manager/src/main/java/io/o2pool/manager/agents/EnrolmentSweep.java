package io.o2pool.manager.agents;

import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases the agent passwords the database still holds: for each server with one that no job is adding now, enrols
 * this manager's certificate with its agent (using the password once) and then erases the password. Servers added
 * before enrolment existed are migrated this way on upgrade; a server whose agent does not answer keeps its password
 * until a later run. Runs at start and then periodically; safe to run at any time (enrolment is idempotent).
 */
public final class EnrolmentSweep implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EnrolmentSweep.class);

    private final Store store;
    private final PoolAgents agents;
    private final Clock clock;
    /** The last failure logged per server, so a server that keeps failing is logged once per new reason. */
    private final java.util.Map<Long, String> lastFailure = new java.util.concurrent.ConcurrentHashMap<>();

    public EnrolmentSweep(Store store, PoolAgents agents, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            List<Server> pending = store.servers().withPassword().stream()
                    .filter(s -> s.status() != ServerStatus.ADDING && s.status() != ServerStatus.REMOVING).toList();
            if (pending.isEmpty()) {
                return;
            }
            var outcomes = FanOut.all(agents.connect(pending), AgentGateway::enrol);
            for (int i = 0; i < outcomes.size(); i++) { // outcomes keep the order of the servers asked
                var outcome = outcomes.get(i);
                Server s = pending.get(i);
                if (!outcome.ok()) {
                    if (!outcome.message().equals(lastFailure.put(s.id(), outcome.message()))) {
                        log.info("server {}: cannot enrol yet ({}); its agent password stays until it answers",
                                s.name(), outcome.message());
                    }
                    continue;
                }
                lastFailure.remove(s.id());
                store.servers().forgetPassword(s.id(), clock.instant());
                store.events().append("server.enrolled", s.poolId(), s.id(), null, "server " + s.name()
                        + ": this manager's certificate is enrolled with its agent (" + outcome.value()
                        + "); the agent password is erased from the database");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("enrolment sweep failed: {}", e.toString());
        }
    }
}

package io.o2pool.manager.status;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes server status follow the agents' membership views: each {@link #tick()} reads every member's view of each
 * pool that has no job queued or running, lets {@link StatusDecider} judge, and records each change of status (with
 * the reason, step {@value StatusVerdict#STEP}) and an audit event. It only moves servers between ACTIVE,
 * UNREACHABLE, FENCED and its own ERRORs; a job's ERROR, ADDING and REMOVING are left alone. Called from one thread.
 */
public final class StatusMonitor {
    private static final Logger log = LoggerFactory.getLogger(StatusMonitor.class);

    private final Store store;
    private final AgentConnector connector;
    private final Clock clock;

    public StatusMonitor(Store store, AgentConnector connector, Clock clock) {
        this.store = store;
        this.connector = connector;
        this.clock = clock;
    }

    /** One round over every pool; failures are logged and the next round tries again. */
    public void tick() throws InterruptedException {
        for (Pool pool : store.pools().list()) {
            if (store.jobs().hasUnfinishedJob(pool.id())) {
                continue; // a job is changing the cluster: its own steps judge the nodes
            }
            try {
                check(pool);
            } catch (RuntimeException e) {
                log.warn("status check of pool {} failed: {}", pool.name(), e.toString());
            }
        }
    }

    private void check(Pool pool) throws InterruptedException {
        List<Server> members = store.servers().listByPool(pool.id()).stream()
                .filter(s -> s.nodeNumber() != null && isMonitored(s)).toList();
        if (members.isEmpty()) {
            return;
        }
        List<AgentGateway> agents = members.stream().map(s -> connector.connect(s.name(),
                new AgentEndpoint(s.host(), s.agentPort(), s.agentPassword(), s.agentFingerprint()))).toList();
        Map<Long, StatusVerdict> verdicts = StatusDecider.decide(members, FanOut.all(agents, AgentGateway::membership));
        for (Server s : members) {
            apply(pool, s, verdicts.get(s.id()));
        }
    }

    /** Whether the monitor owns this server's status now. */
    static boolean isMonitored(Server s) {
        return switch (s.status()) {
            case ACTIVE, UNREACHABLE, FENCED -> true;
            case ERROR -> StatusVerdict.STEP.equals(s.statusStep());
            case ADDING, REMOVING -> false;
        };
    }

    private void apply(Pool pool, Server s, StatusVerdict verdict) {
        boolean same = verdict.status() == s.status() && java.util.Objects.equals(verdict.reason(), s.statusReason());
        if (same) {
            return;
        }
        Instant now = clock.instant();
        String step = verdict.status() == ServerStatus.ACTIVE ? null : StatusVerdict.STEP;
        store.jdbi().useHandle(h -> store.servers().setStatus(h, s.id(), verdict.status(), step, verdict.reason(),
                now));
        if (verdict.status() != s.status()) {
            store.events().append("server.status", pool.id(), s.id(), null, "server " + s.name() + " is "
                    + verdict.status() + (verdict.reason() == null ? " again: every member sees node "
                    + s.nodeNumber() + " live" : ": " + verdict.reason()));
        }
    }
}

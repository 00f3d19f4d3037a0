package io.o2pool.manager.status;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentEndpoint;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.agents.StackStatus;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes server status follow the agents' membership views: each {@link #tick()} reads every member's view of each
 * pool that has no job queued or running, lets {@link StatusDecider} judge, and records each change of status (with
 * the reason, step {@value StatusVerdict#STEP}) and an audit event. It only moves servers between ACTIVE,
 * UNREACHABLE, FENCED and its own ERRORs; a job's ERROR, ADDING and REMOVING are left alone.
 *
 * <p>It also records what changed in each member's view since its last answered view: {@code membership.node-down} /
 * {@code membership.node-up} when a heartbeating member stops / starts seeing a node live, and
 * {@code fence.node-fenced} when a member's stack turns FENCED. The first view of a member (after start, after a job
 * on its pool, or once it is monitored again) is the baseline and records nothing; a view that does not answer keeps
 * the last one as the baseline. Called from one thread.
 */
public final class StatusMonitor {
    private static final Logger log = LoggerFactory.getLogger(StatusMonitor.class);

    private final Store store;
    private final AgentConnector connector;
    private final Clock clock;
    /** Per pool, each monitored member's last answered membership view, by server id: the baseline of the next poll. */
    private final Map<Long, Map<Long, Membership>> lastViews = new HashMap<>();

    public StatusMonitor(Store store, AgentConnector connector, Clock clock) {
        this.store = store;
        this.connector = connector;
        this.clock = clock;
    }

    /** One round over every pool; failures are logged and the next round tries again. */
    public void tick() throws InterruptedException {
        for (Pool pool : store.pools().list()) {
            if (store.jobs().hasUnfinishedJob(pool.id())) {
                lastViews.remove(pool.id()); // the job's changes are its own; the next poll is a new baseline
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
        List<Server> numbered = store.servers().listByPool(pool.id()).stream()
                .filter(s -> s.nodeNumber() != null).toList();
        List<Server> members = numbered.stream().filter(StatusMonitor::isMonitored).toList();
        if (members.isEmpty()) {
            lastViews.remove(pool.id());
            return;
        }
        List<AgentGateway> agents = members.stream().map(s -> connector.connect(s.name(),
                new AgentEndpoint(s.host(), s.agentPort(), s.agentPassword(), s.agentFingerprint()))).toList();
        List<FanOut.Outcome<Membership>> views = FanOut.all(agents, AgentGateway::membership);
        Map<Long, StatusVerdict> verdicts = StatusDecider.decide(members, views);
        recordViewChanges(pool, numbered, members, views);
        for (Server s : members) {
            apply(pool, s, verdicts.get(s.id()));
        }
    }

    /** Records each member's view change since its baseline, then makes the answered views the new baselines. */
    private void recordViewChanges(Pool pool, List<Server> numbered, List<Server> members,
                                   List<FanOut.Outcome<Membership>> views) {
        Map<Integer, Server> byNode = new HashMap<>();
        for (Server s : numbered) {
            byNode.put(s.nodeNumber(), s);
        }
        Map<Long, Membership> previous = lastViews.getOrDefault(pool.id(), Map.of());
        Map<Long, Membership> next = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            Server observer = members.get(i);
            Membership before = previous.get(observer.id());
            var outcome = views.get(i);
            if (!outcome.ok()) {
                if (before != null) {
                    next.put(observer.id(), before); // no answer is no evidence of change: keep the baseline
                }
                continue;
            }
            Membership now = outcome.value();
            next.put(observer.id(), now);
            if (before == null) {
                continue; // the baseline
            }
            if (now.stack() == StackStatus.FENCED && before.stack() != StackStatus.FENCED) {
                store.events().append("fence.node-fenced", pool.id(), observer.id(), null, node(observer)
                        + " on server " + observer.name() + " fenced itself (its stack reports FENCED, was "
                        + before.stack() + "); the agent's view carries no fence details: read the fence record of "
                        + observer.nodeName() + " in the repository's fence/ folder (.o2pool/cluster/"
                        + pool.clusterName() + "/fence/ in the pool's repository), then restart its stack on the"
                        + " server");
            }
            if (!before.provesLiveness() || !now.provesLiveness()) {
                continue; // liveness is only comparable between two heartbeating views
            }
            for (int n : difference(before.liveNodes(), now.liveNodes())) {
                appendNodeEvent("membership.node-down", pool, observer, n, byNode.get(n), "down");
            }
            for (int n : difference(now.liveNodes(), before.liveNodes())) {
                appendNodeEvent("membership.node-up", pool, observer, n, byNode.get(n), "up");
            }
        }
        lastViews.put(pool.id(), next);
    }

    private void appendNodeEvent(String kind, Pool pool, Server observer, int node, Server subject, String what) {
        String name = subject == null ? "node " + node : node(subject);
        store.events().append(kind, pool.id(), subject == null ? observer.id() : subject.id(), null,
                node(observer) + " sees " + name + " " + what);
    }

    private static String node(Server s) {
        return s.nodeName() + " (node " + s.nodeNumber() + ")";
    }

    private static Set<Integer> difference(Set<Integer> a, Set<Integer> b) {
        Set<Integer> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
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

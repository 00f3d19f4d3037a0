package io.o2pool.manager.status;

import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.agents.StackStatus;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes server status follow the agents' membership views: each {@link #tick()} reads every member's view of each
 * pool that has no job queued or running, lets {@link StatusDecider} judge, and records each change of status (with
 * the reason, step {@value StatusVerdict#STEP}) and an audit event. It only moves servers between ACTIVE,
 * UNREACHABLE, DEAD, FENCED and its own ERRORs; a job's ERROR, ADDING, REMOVING and MAINTENANCE are left alone.
 *
 * <p>It also records what changed in each member's view since its last answered view: {@code membership.node-down} /
 * {@code membership.node-up} when a heartbeating member's disk heartbeat stops / starts seeing a node live,
 * {@code membership.disconnected} / {@code membership.connected} when its o2net connection to a node drops / passes
 * the handshake (a separate fact: a disconnected node may still write to the disk), and
 * {@code fence.node-fenced} when a member fenced itself. The first view of a member (after start, after a job on its
 * pool, or once it is monitored again) is the baseline and records no change; a view that does not answer keeps the
 * last one as the baseline.
 *
 * <p>Fence records: once per episode — when a member's stack reports FENCED or most heartbeating members see it dead,
 * and not again until it is live — the monitor asks for its fence records (its own agent, else a surviving member's,
 * which reads them from the shared repository). Each record newer than the newest already in the audit log becomes a
 * {@code fence.node-fenced} event carrying the record ({@link FenceLog}); a stack that turned FENCED without a
 * readable record gets the event without one. The newest record and the node's last live time (by its agent's clock
 * when the view carries it) go to {@link StatusDecider}.
 *
 * <p>VM guard kills: when a member's own agent answers while the member is DEAD or FENCED, or after a silence, or for
 * the first time since this manager started (once each), the monitor asks what its VM guard killed while the node's
 * heartbeat stood still, and records each new kill as a {@code vm.guard-killed} event
 * ({@link GuardKillEvents}). Called from one thread.
 */
public final class StatusMonitor {
    private static final Logger log = LoggerFactory.getLogger(StatusMonitor.class);

    /** Records asked for per fetch: enough for the fences a node can have had between two polls. */
    static final int FETCH_LIMIT = 5;

    private final Store store;
    private final AgentConnector connector;
    private final Clock clock;
    private final FenceLog fences;
    private final GuardKillEvents guardKills;
    /**
     * Members whose VM guard kills were read in this episode (their agent answered while they were dead, after a
     * silence, or for the first time since this manager started): not asked again until they are ACTIVE.
     */
    private final Set<Long> guardChecked = new HashSet<>();
    private final Set<Long> guardSeen = new HashSet<>();
    private final RejoinQueue rejoin;
    private final HeartbeatBoard heartbeats;
    /** Members whose return after death queued a rejoin job: not queued again until they are live again. */
    private final Set<Long> rejoinQueued = new HashSet<>();
    /** Members whose agent was silent while they were dead: when it answers again, the server has come back. */
    private final Set<Long> silentWhileDead = new HashSet<>();
    /** Per pool, each monitored member's last answered membership view, by server id: the baseline of the next poll. */
    private final Map<Long, Map<Long, Membership>> lastViews = new HashMap<>();
    /** By server id: when the member was last judged live (its agent's clock when known, else the manager's). */
    private final Map<Long, Instant> lastLive = new HashMap<>();
    /** By server id: the newest fence record in the audit log (empty: none), loaded once per server. */
    private final Map<Long, Optional<FenceRecord>> latestFence = new HashMap<>();
    /** Members whose fence records were read since they were last live: not asked again until live again. */
    private final Set<Long> fenceChecked = new HashSet<>();

    /** How long a poll waits for the members' views: a silent agent is judged from the others' views meanwhile. */
    static final java.time.Duration POLL_DEADLINE = java.time.Duration.ofSeconds(5);

    /** Queues the job that brings a returning member back (re-sync, start, attach, wait live). */
    @FunctionalInterface
    public interface RejoinQueue {
        /** Queues none. */
        RejoinQueue NONE = server -> null;

        /** Queues the job for {@code server}; returns its id (null when none was queued). */
        Long queue(Server server);
    }

    /** A monitor that only judges: a member returning after death waits for Exit maintenance. */
    public StatusMonitor(Store store, AgentConnector connector, Clock clock) {
        this(store, connector, clock, RejoinQueue.NONE);
    }

    /**
     * A monitor that also brings back a member returning after death: when a DEAD or FENCED member's agent answers
     * again after it was silent, or holds its stack because the pool moved on, with its stack stopped (the host
     * rebooted, the agent restarted), {@code rejoin} queues its return once per episode. A stack stopped by hand on a
     * host whose agent kept answering is left alone: someone meant it.
     */
    public StatusMonitor(Store store, AgentConnector connector, Clock clock, RejoinQueue rejoin) {
        this(store, connector, clock, rejoin, new HeartbeatBoard());
    }

    /**
     * A monitor that also keeps each heartbeating member's heartbeat health on {@code heartbeats} (read by the API and
     * {@code /metrics}) and records each new warning as a {@code heartbeat.slow} / {@code heartbeat.peer-stale} event
     * and its end as {@code heartbeat.ok}, before anything is fenced.
     */
    public StatusMonitor(Store store, AgentConnector connector, Clock clock, RejoinQueue rejoin,
            HeartbeatBoard heartbeats) {
        this.store = store;
        this.connector = connector;
        this.clock = clock;
        this.fences = new FenceLog(store.events());
        this.guardKills = new GuardKillEvents(store.events());
        this.rejoin = rejoin;
        this.heartbeats = heartbeats;
    }

    /** The members' heartbeat health as last read. */
    public HeartbeatBoard heartbeats() {
        return heartbeats;
    }

    /** The default queue: a MAINTENANCE_EXIT job through {@code engine}, which re-syncs the server first. */
    public static RejoinQueue through(Store store, io.o2pool.manager.jobs.JobEngine engine,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        return server -> {
            var job = store.jdbi().inTransaction(h -> engine.enqueue(h, server.poolId(),
                    io.o2pool.manager.model.JobKind.MAINTENANCE_EXIT, server.id(), null,
                    json.createObjectNode().put("server_id", server.id())));
            engine.dispatch(server.poolId());
            return job.id();
        };
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
        List<AgentGateway> agents = new PoolAgents(connector).connect(members);
        List<FanOut.Outcome<Membership>> views = FanOut.within(agents, AgentGateway::membership, POLL_DEADLINE);
        Set<Long> turnedFenced = recordViewChanges(pool, numbered, members, views);
        Map<Long, StatusDecider.FenceFacts> facts = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            Server s = members.get(i);
            readFenceRecords(pool, i, members, agents, views, turnedFenced.contains(s.id()));
            facts.put(s.id(), new StatusDecider.FenceFacts(latestFence(s.id()).orElse(null), lastLive(s)));
        }
        Map<Long, StatusVerdict> verdicts = StatusDecider.decide(members, views, facts, clock.instant());
        for (int i = 0; i < members.size(); i++) {
            Server s = members.get(i);
            StatusVerdict verdict = verdicts.get(s.id());
            if (verdict.status() == ServerStatus.ACTIVE) {
                var own = views.get(i);
                Instant at = own.ok() && own.value().at() != null ? own.value().at() : clock.instant();
                lastLive.put(s.id(), at);
                fenceChecked.remove(s.id());
                rejoinQueued.remove(s.id());
                guardChecked.remove(s.id());
            }
            apply(pool, s, verdict);
        }
        watchHeartbeats(pool, members, agents, views);
        for (int i = 0; i < members.size(); i++) {
            var own = views.get(i);
            Server s = members.get(i);
            boolean dead = verdicts.get(s.id()).status().isDead();
            boolean back = dead || silentWhileDead.contains(s.id()) || !guardSeen.contains(s.id());
            if (own.ok() && back && guardChecked.add(s.id())) {
                guardSeen.add(s.id());
                guardKills.read(pool.id(), s, agents.get(i)); // what its guard did while it stood still
            }
            if (dead && !own.ok()) {
                silentWhileDead.add(s.id());
            } else if (!dead) {
                silentWhileDead.remove(s.id());
            }
            boolean returned = silentWhileDead.contains(s.id()) || own.ok() && own.value().hold() != null;
            if (dead && own.ok() && own.value().stack() == StackStatus.OFFLINE && returned
                    && rejoinQueued.add(s.id())) {
                queueRejoin(pool, s, own.value());
                return; // the job owns the pool now
            }
        }
    }

    /**
     * Reads the heartbeat health of every member whose stack heartbeats (in parallel, within the poll deadline), keeps
     * it on the board, and records each warning that appeared ({@code heartbeat.slow}, {@code heartbeat.peer-stale},
     * with the figures) and each WARNING that cleared ({@code heartbeat.ok}). A member that does not heartbeat, or
     * whose agent cannot report it, is forgotten: the board shows no stale health.
     */
    private void watchHeartbeats(Pool pool, List<Server> members, List<AgentGateway> agents,
                                 List<FanOut.Outcome<Membership>> views) throws InterruptedException {
        List<Integer> heartbeating = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            var own = views.get(i);
            if (own.ok() && own.value().stack() == StackStatus.HEARTBEATING) {
                heartbeating.add(i);
            } else {
                heartbeats.forget(members.get(i).id());
            }
        }
        List<AgentGateway> asked = heartbeating.stream().map(agents::get).toList();
        var reports = FanOut.within(asked, AgentGateway::heartbeat, POLL_DEADLINE);
        for (int k = 0; k < heartbeating.size(); k++) {
            Server s = members.get(heartbeating.get(k));
            var outcome = reports.get(k);
            if (!outcome.ok() || outcome.value().isEmpty() || outcome.value().get().own() == null) {
                heartbeats.forget(s.id());
                continue;
            }
            var report = outcome.value().get();
            HeartbeatBoard.Change change = heartbeats.update(s.id(), report);
            for (var w : change.appeared()) {
                store.events().append(w.kind(), pool.id(), s.id(), null, node(s) + " on server " + s.name()
                        + ": " + w.message());
            }
            if (change.cleared()) {
                store.events().append("heartbeat.ok", pool.id(), s.id(), null, node(s) + " on server " + s.name()
                        + ": heartbeat back to normal" + figures(report));
            }
        }
    }

    /** The write latency figures of a report, for events. */
    static String figures(io.o2pool.agent.api.HeartbeatReport r) {
        var o = r.own();
        if (o == null || o.maxMs() == null) {
            return "";
        }
        return " (writes in the last " + o.windowMs() / 1000 + " s: p50 " + o.p50Ms() + " ms, p99 " + o.p99Ms()
                + " ms, max " + o.maxMs() + " ms)";
    }

    /**
     * A dead member answers again with its stack stopped: it is brought back by a job that first gives it the pool's
     * current generation (it may have missed changes), then starts its stack — never the other way round.
     */
    private void queueRejoin(Pool pool, Server s, Membership view) {
        String why = "server " + s.name() + " answers again after it was " + s.status() + "; its stack is stopped"
                + (view.hold() == null ? "" : " (" + view.hold() + ")") + ", at generation " + view.generation()
                + " while the pool is at " + pool.generation();
        try {
            Long job = rejoin.queue(s);
            if (job != null) {
                store.events().append("server.rejoin", pool.id(), s.id(), job, why + ": job " + job + " brings it"
                        + " to generation " + pool.generation() + " before its stack starts, then attaches the"
                        + " repository");
            }
        } catch (RuntimeException e) {
            log.warn("rejoin of {} not queued: {}", s.name(), e.toString());
            store.events().append("server.rejoin", pool.id(), s.id(), null, why + ": its return could not be"
                    + " queued (" + e.getMessage() + "); use Exit maintenance on it");
        }
    }

    /**
     * Once per fence episode of member {@code i} (its stack FENCED, or dead in most heartbeating views), reads its
     * fence records and records each one newer than the newest in the audit log; a stack that just turned FENCED
     * ({@code turnedFenced}) with no new record still gets its event.
     */
    private void readFenceRecords(Pool pool, int i, List<Server> members, List<AgentGateway> agents,
                                  List<FanOut.Outcome<Membership>> views, boolean turnedFenced) {
        Server s = members.get(i);
        var own = views.get(i);
        boolean ownFenced = own.ok() && own.value().stack() == StackStatus.FENCED;
        boolean episode = ownFenced || StatusDecider.deadInEveryView(i, members, views);
        if (!episode || fenceChecked.contains(s.id()) && !turnedFenced) {
            return; // live, or asked already in this episode (a stack turning FENCED is asked again)
        }
        List<String> failures = new ArrayList<>();
        List<FenceRecord> read = null;
        String source = null;
        for (int j : sourcesFor(i, views)) {
            try {
                List<FenceRecord> answer = agents.get(j).fenceRecords(s.nodeName(), FETCH_LIMIT);
                if (read == null || !answer.isEmpty()) {
                    read = answer;
                    source = members.get(j).name();
                }
                if (!answer.isEmpty()) {
                    break; // an empty answer (a kernel node's own agent after its reset) asks the next member,
                }          // whose agent may hold the record it assembled from the node's netconsole lines
            } catch (RuntimeException e) {
                failures.add(members.get(j).name() + ": " + e.getMessage());
            }
        }
        if (read == null) {
            log.warn("fence records of {} ({}) not read: {}", s.nodeName(), s.name(), failures);
            if (turnedFenced) {
                appendFencedWithoutRecord(pool, s, "no agent could report its fence records (" + String.join("; ",
                        failures) + ")");
            }
            return; // asked again at the next poll
        }
        Picked picked = withOtherSurvivors(read, s, i, source, members, agents, views);
        read = picked.records();
        source = picked.source();
        fenceChecked.add(s.id());
        FenceRecord known = latestFence(s.id()).orElse(null);
        List<FenceRecord> newer = read.stream().filter(r -> known == null || r.time().isAfter(known.time()))
                .sorted(java.util.Comparator.comparing(FenceRecord::time)).toList();
        for (FenceRecord r : newer) {
            fences.append(pool.id(), s.id(), node(s) + " on server " + s.name() + " fenced itself: " + r.summary()
                    + " (fence record read through the agent of " + source + "); restart its stack on the server", r);
            latestFence.put(s.id(), Optional.of(r));
        }
        if (newer.isEmpty() && turnedFenced) {
            appendFencedWithoutRecord(pool, s, "no agent reports a fence record newer than the last one recorded"
                    + " (on the kernel stack: no netconsole line of the node and no eviction line reached a member's"
                    + " agent; see docs/operations.md, kernel fence forensics)");
        }
    }

    /**
     * A kernel record ({@code read} from {@code source}'s agent) shows that survivor's eviction lines only: each
     * agent reads its own kernel log, and netconsole reaches only some members (a line may be lost to one of them).
     * The other members that answered are asked too; the record whose fenced node's own lines are the most complete
     * (a rule named first) is kept and every other survivor's eviction lines are joined to it
     * ({@link FenceRecord#withSurvivorsOf}); one that fails adds nothing. Userspace records are read from the shared
     * repository and are complete: returned as they are.
     */
    private static Picked withOtherSurvivors(List<FenceRecord> read, Server s, int self, String source,
            List<Server> members, List<AgentGateway> agents, List<FanOut.Outcome<Membership>> views) {
        if (read.stream().noneMatch(r -> r.kernel() != null)) {
            return new Picked(read, source);
        }
        Map<FenceRecord, String> kernel = new LinkedHashMap<>();
        read.stream().filter(r -> r.kernel() != null).forEach(r -> kernel.put(r, source));
        for (int j : sourcesFor(self, views)) {
            String name = members.get(j).name();
            if (j == self || name.equals(source)) {
                continue;
            }
            try {
                agents.get(j).fenceRecords(s.nodeName(), FETCH_LIMIT).stream().filter(r -> r.kernel() != null)
                        .forEach(r -> kernel.putIfAbsent(r, name));
            } catch (RuntimeException e) {
                log.info("fence record of {} not completed with {}'s eviction lines: {}", s.nodeName(), name,
                        e.getMessage());
            }
        }
        FenceRecord best = kernel.keySet().stream().max(java.util.Comparator.comparingInt(StatusMonitor::ownLines))
                .orElseThrow();
        String from = kernel.get(best);
        for (FenceRecord other : kernel.keySet()) {
            best = best.withSurvivorsOf(other);
        }
        List<FenceRecord> merged = new ArrayList<>(read.stream().filter(r -> r.kernel() == null).toList());
        merged.add(best);
        return new Picked(merged, from);
    }

    /** The fence records to keep and the member whose agent gave the one kept. */
    private record Picked(List<FenceRecord> records, String source) {
    }

    /** How complete a kernel record's fenced node's own lines are: a named rule first, then how many lines. */
    private static int ownLines(FenceRecord r) {
        int own = (int) r.kernel().lines().stream().filter(l -> !"SURVIVOR".equals(l.origin())).count();
        return (r.rule().equals("UNKNOWN") ? 0 : 1_000) + own;
    }

    /** Its own agent first when it answered, then every other member whose agent answered. */
    private static List<Integer> sourcesFor(int self, List<FanOut.Outcome<Membership>> views) {
        List<Integer> order = new ArrayList<>();
        if (views.get(self).ok()) {
            order.add(self);
        }
        for (int j = 0; j < views.size(); j++) {
            if (j != self && views.get(j).ok()) {
                order.add(j);
            }
        }
        return order;
    }

    private void appendFencedWithoutRecord(Pool pool, Server s, String why) {
        store.events().append(FenceLog.KIND, pool.id(), s.id(), null, node(s) + " on server " + s.name()
                + " fenced itself (its stack reports FENCED); no fence record shown: " + why + ". Its records are in "
                + ".o2pool/cluster/" + pool.clusterName() + "/fence/ in the pool's repository; restart its stack on"
                + " the server");
    }

    private Optional<FenceRecord> latestFence(long serverId) {
        return latestFence.computeIfAbsent(serverId, fences::latest);
    }

    /** The last live time known; an ACTIVE server not judged since the manager started was live when it became so. */
    private Instant lastLive(Server s) {
        Instant known = lastLive.get(s.id());
        return known != null || s.status() != ServerStatus.ACTIVE ? known : s.updatedAt();
    }

    /**
     * Records each member's view change since its baseline, then makes the answered views the new baselines; returns
     * the members whose stack turned FENCED since their baseline (their event waits for their fence record).
     */
    private Set<Long> recordViewChanges(Pool pool, List<Server> numbered, List<Server> members,
                                        List<FanOut.Outcome<Membership>> views) {
        Set<Long> turnedFenced = new HashSet<>();
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
                turnedFenced.add(observer.id());
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
            Integer self = now.self();
            for (int n : difference(before.connectedNodes(), now.connectedNodes())) {
                if (self != null && n != self) {
                    appendNodeEvent("membership.disconnected", pool, observer, n, byNode.get(n),
                            now.liveNodes().contains(n) ? "still heartbeating but no longer connected (o2net)"
                                    : "disconnected (o2net)");
                }
            }
            for (int n : difference(now.connectedNodes(), before.connectedNodes())) {
                if (self != null && n != self) {
                    appendNodeEvent("membership.connected", pool, observer, n, byNode.get(n), "connected (o2net)");
                }
            }
        }
        lastViews.put(pool.id(), next);
        return turnedFenced;
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
            case ACTIVE, UNREACHABLE, DEAD, FENCED -> true;
            case ERROR -> StatusVerdict.STEP.equals(s.statusStep());
            case ADDING, REMOVING, MAINTENANCE -> false; // their jobs own them
        };
    }

    private void apply(Pool pool, Server s, StatusVerdict verdict) {
        boolean same = verdict.status() == s.status() && (java.util.Objects.equals(verdict.reason(), s.statusReason())
                || s.status().isDead()); // a death keeps the reason (and time) it was first seen with
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

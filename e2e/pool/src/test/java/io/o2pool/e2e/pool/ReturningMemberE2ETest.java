package io.o2pool.e2e.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.pool.StackJournal;
import io.o2pool.agent.pool.StackJournal.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A member that misses a change comes back on the pool's generation, never its own (userspace stack, threshold 7):
 * server3's agent is killed for good (its node dies with it), server4 is added meanwhile (generation N), then
 * server3's agent starts again on its old state. Its agent reads the pool record in the repository and holds its
 * stack; the manager sees it answer and queues its return, which stages and commits generation N on it before its
 * stack starts. server3 and server4 then see each other live, and the agents' stack journals prove that no node ever
 * ran a configuration that did not list a node running at the same time (no N-1 beside a node of N).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReturningMemberE2ETest {
    static final String POOL = "returning";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    static final Duration DEAD_BOUND = Duration.ofSeconds(14);

    RealPool pool;
    ManagerClient api;

    @BeforeAll
    void startPool() throws Exception {
        pool = RealPool.startInTempDir("o2pool-returning-", 4, List.of());
        api = pool.api();
        var created = api.post("/api/pools", pool.poolBody(POOL, true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 1; i <= 3; i++) {
            addAndAwait(i);
        }
    }

    @AfterAll
    void stopPool() throws java.io.IOException {
        if (pool != null) {
            pool.closeAndDeleteFiles();
        }
    }

    private void addAndAwait(int i) {
        var r = api.post("/api/servers", pool.serverBody(POOL, pool.agent(i)));
        JsonNode job = pool.awaitJob(r.body().path("id").asLong(), JOB_TIMEOUT);
        assertThat(job.path("status").asText()).as("add server%s: %s", i, job).isEqualTo("SUCCEEDED");
    }

    private JsonNode server(String name) {
        return api.get("/api/servers").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private long poolGeneration() {
        return api.get("/api/pools").body().findParents("name").stream()
                .filter(p -> p.path("name").asText().equals(POOL)).findFirst().orElseThrow().path("generation")
                .asLong();
    }

    @Test
    void aMemberThatMissedAnAddIsResyncedBeforeItsStackStartsAndNoNodeRanAnOldGenerationBesideANewNode()
            throws Exception {
        RealAgent three = pool.agent(3);
        long before = poolGeneration();
        Instant killedAt = Instant.now();
        three.kill9();
        await("server3 DEAD").atMost(DEAD_BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> server("server3").path("status").asText().matches("DEAD|FENCED"));

        addAndAwait(4);
        long n = poolGeneration();
        assertThat(n).isGreaterThan(before);

        three.restart(Map.of());
        // the agent holds its stack: the pool record says generation n, it has an older one
        assertThat(three.view().state().name()).isIn("OFFLINE", "ONLINE", "HEARTBEATING");
        await("server3 back and ACTIVE").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> server("server3").path("status").asText().equals("ACTIVE"));
        assertThat(three.liveGeneration()).isEqualTo(n);

        List<String> events = api.get("/api/events?limit=5000").body().findValuesAsText("message");
        assertThat(events).anyMatch(m -> m.startsWith("server server3 answers again after it was")
                && m.contains("its stack stays stopped until the manager brings it to generation " + n));
        assertThat(events).contains("server server3 is ACTIVE again at generation " + n + " (back after it was DEAD)");
        List<StackJournal.Entry> journal = three.journal();
        List<StackJournal.Entry> afterRestart = journal.stream().filter(e -> e.at().isAfter(killedAt)).toList();
        assertThat(afterRestart).as("server3's journal after the restart").isNotEmpty();
        assertThat(afterRestart.getFirst().event()).as("held at start: %s", afterRestart).isEqualTo(Event.HELD);
        assertThat(afterRestart.getFirst().detail()).contains("at generation " + n);
        StackJournal.Entry started = afterRestart.stream().filter(e -> e.event() == Event.ONLINE).findFirst()
                .orElseThrow();
        assertThat(started.generation()).as("its stack started on the pool's generation").isEqualTo(n);

        // the new node and the returning node see each other live
        int node3 = server("server3").path("node_number").asInt();
        int node4 = server("server4").path("node_number").asInt();
        await("server3 and server4 see each other live").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(liveNodes(pool.agent(3))).contains(node4);
            assertThat(liveNodes(pool.agent(4))).contains(node3);
        });

        Map<Integer, List<Interval>> runs = new HashMap<>();
        for (int i = 1; i <= 4; i++) {
            int node = server("server" + i).path("node_number").asInt();
            runs.put(node, intervals(pool.agent(i).journal(), i == 3 ? killedAt : null, Instant.now()));
        }
        List<String> violations = violations(runs);
        assertThat(violations).as("intervals: %s", runs).isEmpty();
        System.out.printf("RETURNING server3: journal after restart %s%n", afterRestart);
    }

    @Test
    void theJournalCheckFindsANodeRunningAnOldGenerationBesideANewNode() {
        Instant t0 = Instant.parse("2026-12-04T12:00:00Z");
        var e = (java.util.function.BiFunction<Integer, List<Integer>, StackJournal.Entry>) (s, nodes) ->
                new StackJournal.Entry(t0.plusSeconds(s), Event.ONLINE, "ocfs2", nodes.size(), nodes, "");
        // node 2 comes back on generation 3 (nodes 0-2) while node 3 runs generation 4 (nodes 0-3)
        Map<Integer, List<Interval>> stale = Map.of(
                2, intervals(List.of(e.apply(10, List.of(0, 1, 2))), null, t0.plusSeconds(30)),
                3, intervals(List.of(e.apply(5, List.of(0, 1, 2, 3))), null, t0.plusSeconds(30)));
        assertThat(violations(stale)).singleElement().asString().contains("node 2 ran generation 3");
        // the same node killed before node 3 started: no overlap, no violation
        Map<Integer, List<Interval>> killed = Map.of(
                2, intervals(List.of(e.apply(1, List.of(0, 1, 2))), t0.plusSeconds(4), t0.plusSeconds(30)),
                3, intervals(List.of(e.apply(5, List.of(0, 1, 2, 3))), null, t0.plusSeconds(30)));
        assertThat(violations(killed)).isEmpty();
    }

    private static Set<Integer> liveNodes(RealAgent agent) {
        return Set.copyOf(agent.view().members().stream().filter(Member::alive).map(Member::number).toList());
    }

    /** One stretch of time a node's stack ran one generation, with the nodes that generation lists. */
    record Interval(Instant from, Instant to, long generation, List<Integer> nodes) {
        boolean overlaps(Interval o) {
            return from.isBefore(o.to) && o.from.isBefore(to);
        }
    }

    /**
     * The stretches a node's stack ran, from its journal: each ONLINE or APPLY starts one (ending the previous), each
     * OFFLINE or FORGOT ends it; a process killed at {@code killedAt} ended whatever ran then.
     */
    static List<Interval> intervals(List<StackJournal.Entry> journal, Instant killedAt, Instant end) {
        List<Interval> out = new ArrayList<>();
        StackJournal.Entry open = null;
        for (StackJournal.Entry e : journal) {
            if (open != null && killedAt != null && !open.at().isAfter(killedAt) && e.at().isAfter(killedAt)) {
                out.add(new Interval(open.at(), killedAt, open.generation(), open.nodes()));
                open = null;
            }
            switch (e.event()) {
                case ONLINE, APPLY -> {
                    if (open != null) {
                        out.add(new Interval(open.at(), e.at(), open.generation(), open.nodes()));
                    }
                    open = e;
                }
                case OFFLINE, FORGOT -> {
                    if (open != null) {
                        out.add(new Interval(open.at(), e.at(), open.generation(), open.nodes()));
                    }
                    open = null;
                }
                case HELD -> { }
            }
        }
        if (open != null) {
            Instant stop = killedAt != null && !open.at().isAfter(killedAt) ? killedAt : end;
            out.add(new Interval(open.at(), stop, open.generation(), open.nodes()));
        }
        return out;
    }

    /** Every pair of running nodes where one ran a generation that did not list the other. */
    static List<String> violations(Map<Integer, List<Interval>> runs) {
        List<String> out = new ArrayList<>();
        runs.forEach((x, xs) -> runs.forEach((y, ys) -> {
            if (x.equals(y)) {
                return;
            }
            for (Interval a : xs) {
                for (Interval b : ys) {
                    if (a.overlaps(b) && !a.nodes().contains(y)) {
                        out.add("node " + x + " ran generation " + a.generation() + " (nodes " + a.nodes() + ") from "
                                + a.from() + " to " + a.to() + " while node " + y + " ran generation " + b.generation()
                                + " from " + b.from() + " to " + b.to());
                    }
                }
            }
        }));
        return out;
    }
}

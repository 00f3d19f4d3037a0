package io.o2pool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real agent at every step of stage and commit: the live cluster.conf and o2cb file are each the
 * old or the new generation byte-for-byte right after the kill, and after a restart both are the one generation the
 * agent reports, with no drift; the restarted agent then completes a whole change.
 *
 * <p>One agent process per crash point, not two: each crash point's agent is also the restart of the previous
 * one. It starts (recovering the previous kill), is checked, completes one whole change (passing its crash point
 * once, {@code O2POOL_AGENT_CRASH_AT=POINT:2}), and is killed at its point in the next change. A last plain agent
 * checks the recovery of the last kill.
 */
class ConfigCrashTest {
    private static final String ADDRESS = "127.0.1.3";

    @TempDir
    static Path root;
    static AgentProcess running;

    /** The generation live before the change that was killed, the one that was killed, and where. */
    record Killed(CrashPoint point, StageRequest old, StageRequest next) {
    }

    Killed killed;
    long lastGeneration;

    @TestFactory
    Stream<DynamicTest> aKillAtAnyStepLeavesOneWholeGeneration() throws Exception {
        StageRequest first = ConfigSamples.generation(1);
        // generation 1 is made live in-process, with the same files the agent uses
        ConfigStore store = new ConfigStore(ConfigFiles.of(root.resolve("state"), conf(), o2cb()),
                new Ocfs2ConfigValidator("vm-host03"), CrashPoints.NONE);
        store.recover();
        assertThat(store.stage(first).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(store.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        lastGeneration = 1;
        List<DynamicTest> steps = new ArrayList<>();
        for (CrashPoint point : CrashPoint.values()) {
            steps.add(dynamicTest("kill -9 at " + point, () -> killAt(point)));
        }
        steps.add(dynamicTest("restart after the last kill", this::restartAfterLastKill));
        return steps.stream();
    }

    @AfterAll
    static void stopLeftover() {
        if (running != null) {
            running.kill9();
        }
    }

    private void killAt(CrashPoint point) throws Exception {
        running = AgentProcess.start(root, ADDRESS, List.of(), Map.of("O2POOL_AGENT_CRASH_AT", point.name() + ":2"));
        AgentClient client = running.client();
        long live = checkRecovered(client);
        StageRequest old = completeOneChange(client, live);

        StageRequest next = ConfigSamples.generation(++lastGeneration);
        CompletableFuture<?> change = CompletableFuture.runAsync(() -> {
            client.stage(next);
            client.commit(next.generation());
        });
        Path marker = running.stateDir().resolve("crash-point-reached");
        await("crash point " + point).atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
        assertThat(Files.readString(marker)).isEqualTo(point.name());
        running.kill9();
        change.handle((ok, failure) -> null).join();
        running = null;
        assertThat(content(conf())).as("cluster.conf right after kill -9 at %s", point)
                .isIn(old.clusterConf(), next.clusterConf());
        assertThat(content(o2cb())).as("o2cb right after kill -9 at %s", point)
                .isIn(old.o2cbDefaults(), next.o2cbDefaults());
        killed = new Killed(point, old, next);
    }

    private void restartAfterLastKill() throws Exception {
        try (AgentProcess restarted = AgentProcess.start(root, ADDRESS, List.of(), Map.of())) {
            AgentClient client = restarted.client();
            completeOneChange(client, checkRecovered(client));
        }
        try (var leftovers = Files.list(conf().getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("cluster.conf");
        }
    }

    /**
     * Checks that the agent, just restarted after {@link #killed}, reports one whole generation: the new one if the
     * commit journal was written, else the old one; files, checksum and disk checksum agree; no drift.
     */
    private long checkRecovered(AgentClient client) throws Exception {
        ConfigStatus status = client.config();
        long live = status.live().generation();
        if (killed == null) {
            assertThat(live).isEqualTo(1);
            return live;
        }
        if (killed.point().name().startsWith("COMMIT_")) {
            assertThat(live).as("after kill -9 at %s: a commit whose journal was written is completed at restart",
                    killed.point()).isEqualTo(killed.next().generation());
        } else {
            assertThat(live).as("after kill -9 at %s: a crash while staging leaves the old generation live",
                    killed.point()).isEqualTo(killed.old().generation());
        }
        StageRequest expected = live == killed.next().generation() ? killed.next() : killed.old();
        assertThat(content(conf())).as("cluster.conf after restart").isEqualTo(expected.clusterConf());
        assertThat(content(o2cb())).as("o2cb after restart").isEqualTo(expected.o2cbDefaults());
        assertThat(status.live().checksum()).isEqualTo(expected.checksum());
        assertThat(status.drift()).isFalse();
        assertThat(status.diskChecksum()).isEqualTo(expected.checksum());
        if (live != killed.next().generation()) {
            client.abort(killed.next().generation()); // a completed stage may remain; drop it
        }
        return live;
    }

    /** Stages and commits the next generation; the previous generation must then be the one that was live. */
    private StageRequest completeOneChange(AgentClient client, long live) throws Exception {
        StageRequest change = ConfigSamples.generation(++lastGeneration);
        assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(client.commit(change.generation()).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        assertThat(content(conf())).isEqualTo(change.clusterConf());
        assertThat(content(o2cb())).isEqualTo(change.o2cbDefaults());
        assertThat(client.config().previous().generation()).isEqualTo(live);
        return change;
    }

    private static Path conf() {
        return root.resolve("etc/ocfs2/cluster.conf");
    }

    private static Path o2cb() {
        return root.resolve("etc/default/o2cb");
    }

    private static String content(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

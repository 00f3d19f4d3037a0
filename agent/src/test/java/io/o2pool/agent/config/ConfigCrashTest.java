package io.o2pool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} of a real agent at every step of stage and commit: the live cluster.conf and o2cb file are each the
 * old or the new generation byte-for-byte right after the kill, and after a restart both are the one generation the
 * agent reports, with no drift; the agent then accepts the next change.
 */
class ConfigCrashTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aKillAtAnyStepLeavesOneWholeGeneration(CrashPoint point) throws Exception {
        StageRequest old = ConfigSamples.generation(1);
        StageRequest next = ConfigSamples.generation(2);
        Path conf = root.resolve("etc/ocfs2/cluster.conf");
        Path o2cb = root.resolve("etc/default/o2cb");
        // generation 1 is made live in-process, with the same files the agent uses (saves one JVM per crash point)
        ConfigStore store = new ConfigStore(ConfigFiles.of(root.resolve("state"), conf, o2cb), new BasicConfigValidator(),
                CrashPoints.NONE);
        store.recover();
        assertThat(store.stage(old).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(store.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        AgentProcess crashing = AgentProcess.start(root, "127.0.1.3", List.of(),
                Map.of("O2POOL_AGENT_CRASH_AT", point.name()));
        try {
            AgentClient client = crashing.client();
            CompletableFuture<?> change = CompletableFuture.runAsync(() -> {
                client.stage(next);
                client.commit(2);
            });
            Path marker = crashing.stateDir().resolve("crash-point-reached");
            await("crash point " + point).atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
            assertThat(Files.readString(marker)).isEqualTo(point.name());
            crashing.kill9();
            change.handle((ok, failure) -> null).join();
        } finally {
            crashing.kill9();
        }
        assertThat(content(conf)).as("cluster.conf right after kill -9 at %s", point)
                .isIn(old.clusterConf(), next.clusterConf());
        assertThat(content(o2cb)).as("o2cb right after kill -9 at %s", point).isIn(old.o2cbDefaults(), next.o2cbDefaults());

        try (AgentProcess restarted = AgentProcess.start(root, "127.0.1.3", List.of(), Map.of())) {
            ConfigStatus status = restarted.client().config();
            long live = status.live().generation();
            StageRequest expected = live == 1 ? old : next;
            assertThat(live).as("live generation after restart").isIn(1L, 2L);
            if (point.name().startsWith("COMMIT_")) {
                assertThat(live).as("a commit whose journal was written is completed at restart").isEqualTo(2);
            } else {
                assertThat(live).as("a crash while staging leaves the old generation live").isEqualTo(1);
            }
            assertThat(content(conf)).isEqualTo(expected.clusterConf());
            assertThat(content(o2cb)).isEqualTo(expected.o2cbDefaults());
            assertThat(status.live().checksum()).isEqualTo(expected.checksum());
            assertThat(status.drift()).isFalse();
            assertThat(status.diskChecksum()).isEqualTo(expected.checksum());

            StageRequest third = ConfigSamples.generation(3);
            AgentClient client = restarted.client();
            if (live == 1) {
                client.abort(2);
            }
            assertThat(client.stage(third).outcome()).isEqualTo(ChangeOutcome.STAGED);
            assertThat(client.commit(3).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
            assertThat(content(conf)).isEqualTo(third.clusterConf());
            assertThat(client.config().previous().generation()).isEqualTo(live);
        }
        try (var leftovers = Files.list(conf.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("cluster.conf");
        }
    }

    private static String content(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

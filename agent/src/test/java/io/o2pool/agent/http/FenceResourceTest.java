package io.o2pool.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.FenceRecordInfo;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.agent.testing.HeartbeatStall;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/fence} against a real agent process on 127.0.1.25 whose userspace node fences itself for real: its
 * heartbeat writes hang once the test creates the {@link HeartbeatStall} trigger file, the write timeout fires, and
 * the node's fence record comes back through {@link AgentClient#fenceRecords()} with every field.
 */
class FenceResourceTest extends RealAgentTest {
    private static final String ADDRESS = "127.0.1.25";

    @Test
    void aNodeWhoseHeartbeatWritesHangFencesAndServesItsRecord() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Files.writeString(repository.resolve(".o2pool-repository"), "11111111-2222-3333-4444-555555555555\n");
        Path trigger = root.resolve("stall-heartbeat");
        agent = AgentProcess.startStallingHeartbeatWhile(trigger, root.resolve("agent"), ADDRESS,
                List.of("--repository-root", repository.toString()));
        AgentClient client = agent.client();

        FenceRecords before = client.fenceRecords();
        assertThat(before.driver()).isEqualTo("userspace");
        assertThat(before.node()).isEqualTo("vm-host03");
        assertThat(before.records()).isEmpty();
        assertThat(before.note()).contains("no directory repository is attached");

        // a one-node cluster at the o2cb minimum threshold: the write timeout is (7 - 1) x 2 s
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(7, 5000, 1000, 2000));
        StageRequest change = StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2",
                List.<String[]>of(new String[] {"vm-host03", ADDRESS, Integer.toString(freePort())})), o2cb);
        assertThat(client.stage(change).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(client.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        client.online();
        client.attachRepository(new AttachRequest("directory", repository.toString(), null));
        // the write timeout is armed once the heartbeat is steady (o2hb_arm_timeout): stall only after that
        await("vm-host03 heartbeating steadily").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.cluster().state() == StackState.HEARTBEATING
                        && agent.output().contains("node vm-host03 heartbeat steady"));
        // and armed only by a good write after that: wait for two more completed writes to the region file
        Path region = repository.resolve(".o2pool/cluster/ocfs2/heartbeat");
        for (int i = 0; i < 2; i++) {
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(region);
            await("a heartbeat write after " + written).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(() -> !Files.getLastModifiedTime(region).equals(written));
        }
        assertThat(client.fenceRecords().records()).isEmpty();
        assertThat(client.fenceRecords().note()).isNull();

        Instant stalled = Instant.now();
        // the shared disk fails every write: a lone node whose writes merely hang approves its own wait (the
        // kernel's write-hang negotiation), a failed write is not negotiated and the write timeout fences it
        Files.writeString(trigger, "fail\n");
        try {
            await("vm-host03 to fence itself for the write timeout").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> client.cluster().state() == StackState.FENCED);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; agent output:\n" + agent.output(), e);
        }

        FenceRecords after = client.fenceRecords();
        assertThat(after.directory()).isEqualTo(repository.resolve(".o2pool/cluster/ocfs2/fence").toString());
        assertThat(after.records()).singleElement().satisfies(r -> {
            assertThat(r.time()).isAfter(stalled.minusSeconds(1));
            assertThat(r.cluster()).isEqualTo("ocfs2");
            assertThat(r.node()).isEqualTo("vm-host03");
            assertThat(r.nodeNumber()).isZero();
            assertThat(r.rule()).isEqualTo("WRITE_TIMEOUT");
            assertThat(r.message()).isNotBlank();
            assertThat(r.method()).isEqualTo("stop");
            assertThat(r.peersSeen()).isEmpty();
            assertThat(r.lastWriteLatenciesMs()).isNotEmpty();
        });
        FenceRecordInfo record = after.records().getFirst();
        assertThat(client.fenceRecords("vm-host03", 1).records()).containsExactly(record);
        assertThat(client.fenceRecords("vm-host02", 5).records()).as("another node's records").isEmpty();

        assertThatThrownBy(() -> client.fenceRecords(null, 0)).isInstanceOfSatisfying(AgentClientException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("limit must be a number from 1 to 100");
                });
        assertThatThrownBy(() -> client.fenceRecords("../etc", 5)).isInstanceOfSatisfying(AgentClientException.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ADDRESS, 0));
            return s.getLocalPort();
        }
    }
}

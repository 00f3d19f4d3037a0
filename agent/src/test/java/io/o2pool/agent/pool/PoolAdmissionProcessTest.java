package io.o2pool.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.AgentProcess;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.client.AgentClient;
import io.o2pool.agent.client.AgentClientException;
import io.o2pool.agent.config.ConfigSamples;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process (127.0.1.33, userspace stack, a directory repository) and the pool record: its commit writes
 * the record into the repository; killed and restarted while the pool moved on (a newer record), it holds its stack
 * and says why in its view and its journal, until the pool's generation is committed on it; a newer record that no
 * longer lists it holds it as removed; {@code POST /v1/config/forget} is refused while the stack runs or for another
 * pool, then removes its cluster.conf, and the next restart starts nothing.
 */
class PoolAdmissionProcessTest {
    static final String ADDRESS = "127.0.1.33";
    static final Duration SLOW = Duration.ofSeconds(60);
    private final ObjectMapper json = Json.mapper();

    @TempDir
    Path root;

    @Test
    void aNodeThatMissedGenerationsOrWasRemovedHoldsItsStackAndAForgottenPoolStartsNothing() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        Files.writeString(repository.resolve(".o2pool-repository"), "11111111-2222-3333-4444-555555555555\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            port = free.getLocalPort();
        }
        List<String[]> nodes = new ArrayList<>();
        nodes.add(new String[] {"vm-host03", ADDRESS, Integer.toString(port)});
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true).withTimeouts(7, 5000, 1000, 2000));
        StageRequest first = StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2", nodes), o2cb);
        List<String[]> more = new ArrayList<>(nodes);
        more.add(new String[] {"vm-host04", "127.0.1.34", Integer.toString(port)});
        StageRequest second = StageRequest.of(2, ConfigSamples.POOL, ConfigSamples.clusterConf("ocfs2", more), o2cb);
        List<String> args = List.of("--repository-root", repository.toString());
        Path agentRoot = root.resolve("agent");
        Path record = PoolRecords.path(repository, "ocfs2");

        try (AgentProcess agent = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            AgentClient client = agent.client();
            client.stage(first);
            client.attachRepository(new AttachRequest("directory", repository.toString(), null));
            assertThat(client.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
            assertThat(json.readTree(record.toFile()).path("generation").asLong()).as("written at commit").isEqualTo(1);
            client.online();
            await().atMost(SLOW).until(() -> client.cluster().state() == StackState.HEARTBEATING);
            agent.kill9();
        }
        // meanwhile the pool moved on: generation 2 adds vm-host04 (another member wrote the record)
        writeRecord(record, 2, second.checksum(), "vm-host03", "vm-host04");

        try (AgentProcess back = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            AgentClient client = back.client();
            assertThat(client.cluster().state()).isEqualTo(StackState.OFFLINE);
            assertThat(client.cluster().hold()).contains("at generation 2", "vm-host03 has generation 1");
            assertThat(back.output()).contains("not brought online at start", "is held");
            assertThatThrownBy(client::online).isInstanceOfSatisfying(AgentClientException.class,
                    e -> assertThat(e.getMessage()).contains("held"));
            // the manager brings it to the pool's generation, then it starts
            client.stage(second);
            client.commit(2);
            client.online();
            client.attachRepository(new AttachRequest("directory", repository.toString(), null));
            await().atMost(SLOW).until(() -> client.cluster().state() == StackState.HEARTBEATING);
            assertThat(client.cluster().hold()).isNull();
            back.kill9();
        }
        // then the pool removed it by force: generation 3 lists only vm-host04
        writeRecord(record, 3, "sum-3", "vm-host04");

        try (AgentProcess removed = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            AgentClient client = removed.client();
            assertThat(client.cluster().state()).isEqualTo(StackState.OFFLINE);
            assertThat(client.cluster().hold()).contains("vm-host03 no longer belongs to the pool");
            assertThatThrownBy(() -> client.forget("another-pool")).isInstanceOfSatisfying(AgentClientException.class,
                    e -> assertThat(e.status()).isEqualTo(409));
            assertThat(client.forget(ConfigSamples.POOL).outcome()).isEqualTo(ChangeOutcome.FORGOTTEN);
            assertThat(client.forget(ConfigSamples.POOL).outcome()).isEqualTo(ChangeOutcome.NOTHING_LIVE);
            assertThat(client.config().live()).isNull();
            assertThat(agentRoot.resolve("etc/ocfs2/cluster.conf")).doesNotExist();
            removed.stop();
        }
        List<StackJournal.Entry> journal = StackJournal.read(agentRoot.resolve("state"));
        assertThat(journal).extracting(StackJournal.Entry::event, StackJournal.Entry::generation).containsExactly(
                org.assertj.core.groups.Tuple.tuple(StackJournal.Event.ONLINE, 1L),
                org.assertj.core.groups.Tuple.tuple(StackJournal.Event.HELD, 1L),
                org.assertj.core.groups.Tuple.tuple(StackJournal.Event.HELD, 1L),
                org.assertj.core.groups.Tuple.tuple(StackJournal.Event.ONLINE, 2L),
                org.assertj.core.groups.Tuple.tuple(StackJournal.Event.HELD, 2L),
                org.assertj.core.groups.Tuple.tuple(StackJournal.Event.FORGOT, 2L));

        try (AgentProcess after = AgentProcess.start(agentRoot, ADDRESS, args, Map.of())) {
            assertThat(after.client().cluster().state()).isEqualTo(StackState.OFFLINE);
            assertThat(after.client().cluster().hold()).isNull();
            after.stop();
        }
    }

    private void writeRecord(Path file, long generation, String checksum, String... names) throws Exception {
        List<PoolRecord.Node> list = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            list.add(new PoolRecord.Node(names[i], i));
        }
        json.writeValue(file.toFile(), new PoolRecord(ConfigSamples.POOL, "ocfs2", generation, checksum, list,
                "vm-host04", Instant.now()));
    }
}

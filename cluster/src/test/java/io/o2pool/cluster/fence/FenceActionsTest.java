package io.o2pool.cluster.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fence records and the pluggable actions (nothing here reboots anything: the runner is scripted). */
class FenceActionsTest {
    private static final FenceRecord RECORD = new FenceRecord(Instant.parse("2009-06-01T00:01:36Z"), "ocfs2", "node2", 2,
            FenceRule.QUORUM_MINORITY, "fencing this node because it is only connected to 1 nodes and 2 is needed to "
            + "make a quorum out of 3 heartbeating nodes", 3, 1, 0, List.of("node0", "node1"), List.of(),
            List.of(3L, 4L, 2L), FenceMethod.COMMAND);

    @Test
    void recordsAreWrittenAsJsonAndReadBack(@TempDir Path repo) throws Exception {
        FenceRecordStore store = new FenceRecordStore(repo);
        Path file = store.write(RECORD);
        assertThat(file).isEqualTo(repo.resolve("fence/node2-20090601T000136.000Z.json"));
        String json = Files.readString(file);
        assertThat(json).contains("\"rule\" : \"QUORUM_MINORITY\"", "\"peersSeen\" : [ \"node0\", \"node1\" ]",
                "\"method\" : \"command\"");
        assertThat(store.readAll()).containsExactly(RECORD);
        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("node2-20090601T000136.000Z.json");
        }
    }

    @Test
    void commandActionRunsTheOperatorsCommandWithTheFactsInItsEnvironment() throws Exception {
        List<Map<String, String>> envs = new ArrayList<>();
        List<List<String>> argvs = new ArrayList<>();
        CommandFenceAction action = new CommandFenceAction(List.of("/usr/local/bin/power-off", "node2"),
                (argv, env, timeout) -> {
                    argvs.add(argv);
                    envs.add(env);
                    return 0;
                });
        action.recordWrittenTo(Path.of("/repo/fence/node2.json"));
        action.fence(RECORD);
        assertThat(argvs).containsExactly(List.of("/usr/local/bin/power-off", "node2"));
        assertThat(envs.get(0)).containsEntry("O2POOL_FENCE_NODE", "node2").containsEntry("O2POOL_FENCE_RULE",
                "QUORUM_MINORITY").containsEntry("O2POOL_FENCE_RECORD", "/repo/fence/node2.json");
        CommandFenceAction failing = new CommandFenceAction(List.of("false"), (argv, env, timeout) -> 1);
        assertThatThrownBy(() -> failing.fence(RECORD)).hasMessageContaining("exited with 1");
    }

    @Test
    void rebootActionForcesAnImmediateRestartThroughTheRunner() throws Exception {
        List<List<String>> argvs = new ArrayList<>();
        new RebootFenceAction((argv, env, timeout) -> {
            argvs.add(argv);
            return 0;
        }).fence(RECORD);
        assertThat(argvs).containsExactly(List.of("systemctl", "reboot", "--force", "--force"));
    }

    @Test
    void commandsRunForRealThroughTheSystemRunner(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("fenced");
        new CommandFenceAction(List.of("sh", "-c", "echo $O2POOL_FENCE_NODE > " + marker), CommandRunner.system())
                .fence(RECORD);
        assertThat(Files.readString(marker).strip()).isEqualTo("node2");
    }
}

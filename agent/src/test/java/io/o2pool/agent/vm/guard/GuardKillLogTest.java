package io.o2pool.agent.vm.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.GuardKill;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardKillLogTest {
    @TempDir
    Path state;

    @Test
    void noFileMeansTheGuardNeverActed() throws Exception {
        GuardKillLog.Read read = new GuardKillLog(state).read(10);
        assertThat(read.kills()).isEmpty();
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void killsComeBackNewestFirstWithinTheLimit() throws Exception {
        GuardKillLog log = new GuardKillLog(state);
        for (int i = 1; i <= 3; i++) {
            log.append(new GuardKill(Instant.parse("2026-12-05T10:00:0" + i + "Z"), "vm-host03", List.of("vm" + i),
                    "the node's heartbeat has not advanced for 10000 ms"));
        }
        List<GuardKill> kills = log.read(2).kills();
        assertThat(kills).extracting(k -> k.guests().getFirst()).containsExactly("vm3", "vm2");
        assertThat(kills.getFirst().node()).isEqualTo("vm-host03");
        assertThat(kills.getFirst().reason()).contains("has not advanced");
    }

    @Test
    void aTornOrForeignLineIsSkippedAndNamedByItsLineNumber() throws Exception {
        GuardKillLog log = new GuardKillLog(state);
        log.append(new GuardKill(Instant.parse("2026-12-05T10:00:01Z"), "vm-host03", List.of("web"), "stood still"));
        Files.writeString(log.file(), "2026-12-05T10:00:02Z GUARD-KILLED node=vm-host03\n{\"time\":\"2026-12\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        log.append(new GuardKill(Instant.parse("2026-12-05T10:00:03Z"), "vm-host03", List.of("db"), "stood still"));
        GuardKillLog.Read read = log.read(10);
        assertThat(read.kills()).extracting(k -> k.guests().getFirst()).containsExactly("db", "web");
        assertThat(read.problems()).hasSize(2);
        assertThat(read.problems().get(0)).startsWith(log.file() + " line 2: not a guard kill");
        assertThat(read.problems().get(1)).startsWith(log.file() + " line 3: not a guard kill");
    }
}

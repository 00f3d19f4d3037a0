package io.o2pool.cluster.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The warning rules as a table: write timeout 12 000 ms (threshold 7), dead bound 14 000 ms. */
class HealthJudgeTest {

    @ParameterizedTest(name = "since last good write {0} ms, {1} near misses, armed {2}, peer live {3} unchanged {4} ms -> {5}")
    @CsvSource(nullValues = "null", value = {
            // since, nearHalf, armed, peerLive, peerAge, expected kinds
            "1800,  0, true,  true,  1900, ''",
            "6000,  0, true,  true,  1900, ''",              // exactly half: not more than half
            "6001,  0, true,  true,  1900, SLOW_WRITE",
            "6001,  0, false, true,  1900, SLOW_WRITE",      // before the first arming: still shown
            "null,  0, false, true,  null, ''",              // nothing written yet, peer never changed
            "1000,  1, true,  true,  1900, SLOW_WRITE",      // a near miss within the window
            "1000,  0, true,  true,  7000, ''",              // exactly half the dead bound
            "1000,  0, true,  true,  7001, PEER_STALE",
            "1000,  0, true,  false, 60000, ''",             // a dead peer is not stale, it is dead
            "9000,  2, true,  true,  9000, SLOW_WRITE PEER_STALE",
    })
    void warnsBeforeTheKernelBoundsAct(Long since, int nearHalf, boolean armed, boolean peerLive, Long peerAge,
            String expected) {
        OwnWriteHealth own = new OwnWriteHealth(12_000, armed, since, 0, 60_000, 30, 1, 3, nearHalf > 0 ? 7000 : 3,
                nearHalf, 0, 100, nearHalf, 0);
        PeerHealth peer = new PeerHealth("node2", 2, peerLive, peerAge, 3, 7, 14_000, "CONNECTED", 500L);
        List<HealthWarning> warnings = HealthJudge.warnings(own, List.of(peer));
        assertThat(warnings).extracting(w -> w.kind().name())
                .containsExactlyElementsOf(expected.isBlank() ? List.of() : List.of(expected.split(" ")));
        HeartbeatHealth health = HeartbeatHealth.judged("node1", java.time.Instant.EPOCH, own, List.of(peer));
        assertThat(health.level()).isEqualTo(expected.isBlank() ? HealthLevel.OK : HealthLevel.WARNING);
    }

    @ParameterizedTest
    @CsvSource({"true, the node fences itself at 12000 ms", "false, the write timeout is not armed yet"})
    void aHungWriteSaysWhatHappensAtTheBound(boolean armed, String expected) {
        OwnWriteHealth own = new OwnWriteHealth(12_000, armed, 8000L, 8000, 60_000, 0, 0, 0, 0, 0, 0, 5, 0, 0);
        assertThat(HealthJudge.warnings(own, List.of())).singleElement().satisfies(w -> {
            assertThat(w.kind().eventKind()).isEqualTo("heartbeat.slow");
            assertThat(w.message()).startsWith("no heartbeat write completed for 8000 ms, more than half the write "
                    + "timeout of 12000 ms; ").contains(expected);
        });
    }
}

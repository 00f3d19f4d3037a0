package io.o2pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.membership.EventType;
import io.o2pool.testkit.cluster.LocalPool;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node whose timeouts differ is refused with the kernel's message and never connects (fake time). */
class HandshakeScenarioTest {

    @Test
    void aDifferentIdleTimeoutIsRefusedByBothEndsAndNeverConnects() {
        try (LocalPool pool = LocalPool.withTweaks(2, 31, null, c -> c.withNetTimeouts(10_000, 2000, 2000))) {
            pool.startAll();
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.node(0).log().lines()).contains("o2net: node node1 (num 1) at 127.0.1.2:7777 uses a network "
                    + "idle timeout of 10000 ms, but we use 30000 ms locally. Disconnecting.");
            assertThat(pool.node(1).log().lines()).contains("o2net: node node0 (num 0) at 127.0.1.1:7777 uses a network "
                    + "idle timeout of 30000 ms, but we use 10000 ms locally. Disconnecting.");
            assertNeverConnected(pool);
        }
    }

    @Test
    void aDifferentKeepaliveDelayIsRefused() {
        try (LocalPool pool = LocalPool.withTweaks(2, 31, null, c -> c.withNetTimeouts(30_000, 3000, 2000))) {
            pool.startAll();
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.node(0).log().lines()).contains("o2net: node node1 (num 1) at 127.0.1.2:7777 uses a "
                    + "keepalive delay of 3000 ms, but we use 2000 ms locally. Disconnecting.");
            assertNeverConnected(pool);
        }
    }

    @Test
    void aDifferentDeadThresholdIsRefusedThroughTheHeartbeatTimeout() {
        try (LocalPool pool = LocalPool.withTweaks(2, 31, null, c -> c.withDeadThreshold(7))) {
            pool.startAll();
            pool.advance(Duration.ofMinutes(3));
            assertThat(pool.node(0).log().lines()).contains("o2net: node node1 (num 1) at 127.0.1.2:7777 uses a "
                    + "heartbeat timeout of 12000 ms, but we use 60000 ms locally. Disconnecting.");
            assertThat(pool.node(0).log().lines()).anyMatch(l -> l.startsWith(
                    "Node 1 on device memory-region has a dead count of 14000 ms, but our count is 62000 ms."));
            assertNeverConnected(pool);
        }
    }

    @Test
    void aDifferentReconnectDelayIsNotChecked() {
        try (LocalPool pool = LocalPool.withTweaks(2, 31, null, c -> c.withNetTimeouts(30_000, 2000, 5000))) {
            pool.startAll();
            pool.advance(Duration.ofSeconds(30));
            assertThat(pool.connectedSeenBy(0)).containsExactly("node1");
            assertThat(pool.connectedSeenBy(1)).containsExactly("node0");
        }
    }

    private static void assertNeverConnected(LocalPool pool) {
        for (int i = 0; i < 2; i++) {
            assertThat(pool.events(i).stream().filter(e -> e.type() == EventType.CONNECTED)).isEmpty();
            assertThat(pool.connectedSeenBy(i)).isEmpty();
            assertThat(pool.node(i).membership().counters().refusals()).isPositive();
        }
        assertThat(pool.liveSeenBy(0)).as("the disk heartbeat still sees both").containsExactly("node0", "node1");
        assertThat(pool.fenced()).isEmpty();
    }
}

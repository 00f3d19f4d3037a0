package io.o2pool.cluster.health;

/**
 * One peer's heartbeat and o2net link as this node sees them at one moment. Durations in milliseconds. Immutable.
 *
 * @param name               the peer's node name
 * @param number             its node number
 * @param live               whether this node's disk heartbeat sees it live
 * @param lastChangeAgeMs    time since its slot last changed in this node's samples; null when never seen changing
 * @param missedSamples      consecutive unchanged samples ({@code ds_equal_samples}); -1 when unknown (kernel)
 * @param deadThreshold      unchanged samples after which it is declared dead
 * @param deadBoundMs        the dead bound as a duration: {@code dead_threshold × 2000}
 * @param connection         the o2net state: {@code CONNECTED}, {@code CONNECTING} or {@code NOT_CONNECTED}
 * @param lastMessageAgeMs   time since the last o2net message (keepalive or other) from it; null when not connected
 */
public record PeerHealth(String name, int number, boolean live, Long lastChangeAgeMs, int missedSamples,
        int deadThreshold, long deadBoundMs, String connection, Long lastMessageAgeMs) {
}

package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /v1/health}: the heartbeat health of this server's node — its own heartbeat writes, every peer as
 * it sees them, and whether a fence may be coming ({@code level} WARNING, with the reasons). Taken when asked
 * (userspace) or from samples at most 1 s old (kernel). Durations in milliseconds; a null figure is one the driver
 * cannot know (the kernel exposes no per-write latency).
 *
 * @param driver   {@code userspace} or {@code kernel}
 * @param node     this server's node name (null while the stack has no configuration)
 * @param at       when the figures were taken (the agent's clock)
 * @param level    {@code OK}, {@code WARNING}, or {@code UNKNOWN} when the stack is not heartbeating
 * @param warnings why it is a WARNING
 * @param own      this node's writes; null when not heartbeating
 * @param peers    the other nodes
 * @param note     how the figures were obtained, or why there are none
 */
public record HeartbeatReport(String driver, String node, Instant at, String level, List<Warning> warnings,
        OwnWrites own, List<Peer> peers, String note) {
    public HeartbeatReport {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    /** A report without figures: the stack is not heartbeating (or the driver cannot tell). */
    public static HeartbeatReport unknown(String driver, String node, Instant at, String note) {
        return new HeartbeatReport(driver, node, at, "UNKNOWN", List.of(), null, List.of(), note);
    }

    /**
     * One reason for a WARNING.
     *
     * @param kind    {@code heartbeat.slow} (this node's writes) or {@code heartbeat.peer-stale}
     * @param peer    the stale peer's name, null for this node
     * @param message the figures and what happens at the bound
     */
    public record Warning(String kind, String peer, String message) {
    }

    /**
     * This node's own heartbeat writes.
     *
     * @param writeTimeoutMs               it fences itself when no write completed for this long (once armed)
     * @param writeTimeoutArmed            whether the write timeout is armed (first good write after steady)
     * @param msSinceLastGoodWrite         the kernel's {@code elapsed_time_in_ms}; null before the first good write
     * @param writePendingMs               how long the write in flight has waited (null: unknown)
     * @param windowMs                     the window of the figures below
     * @param writes                       writes completed in the window (kernel: completed cycles seen)
     * @param p50Ms                        median write latency in the window (null on the kernel stack)
     * @param p99Ms                        99th percentile (null on the kernel stack)
     * @param maxMs                        slowest write in the window (kernel: longest gap between completed writes)
     * @param nearMissesHalf               writes in the window slower than half the write timeout
     * @param nearMissesThreeQuarters      slower than three quarters
     * @param totalWrites                  since start
     * @param totalNearMissesHalf          since start
     * @param totalNearMissesThreeQuarters since start
     */
    public record OwnWrites(long writeTimeoutMs, Boolean writeTimeoutArmed, Long msSinceLastGoodWrite,
            Long writePendingMs, long windowMs, int writes, Long p50Ms, Long p99Ms, Long maxMs, int nearMissesHalf,
            int nearMissesThreeQuarters, long totalWrites, long totalNearMissesHalf,
            long totalNearMissesThreeQuarters) {
    }

    /**
     * A peer as this node sees it.
     *
     * @param name             node name
     * @param number           node number
     * @param live             seen live on the disk heartbeat
     * @param lastChangeAgeMs  since its slot last changed in this node's samples (null: never seen changing)
     * @param missedSamples    consecutive unchanged samples (null when unknown)
     * @param deadBoundMs      it is declared dead after about this long without a change
     * @param connection       o2net: {@code CONNECTED}, {@code CONNECTING} or {@code NOT_CONNECTED}
     * @param lastMessageAgeMs since the last o2net message from it (keepalive or other); null when unknown
     */
    public record Peer(String name, int number, boolean live, Long lastChangeAgeMs, Integer missedSamples,
            long deadBoundMs, String connection, Long lastMessageAgeMs) {
    }
}

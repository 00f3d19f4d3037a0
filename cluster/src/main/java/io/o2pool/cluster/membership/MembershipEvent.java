package io.o2pool.cluster.membership;

import java.time.Instant;

/**
 * One membership change as the agent and {@code o2pool cluster run --events json} report it. Immutable.
 *
 * @param time   when it happened (wall clock)
 * @param node   the local node's name
 * @param peer   the node it is about (the local node itself for its own node-up and for fenced)
 * @param type   what happened
 * @param reason why, in words
 */
public record MembershipEvent(Instant time, String node, String peer, EventType type, String reason) {

    /** One JSON object on one line: {@code {"time":..., "node":..., "peer":..., "event":..., "reason":...}}. */
    public String toJsonLine() {
        return "{\"time\": " + quote(time.toString()) + ", \"node\": " + quote(node) + ", \"peer\": " + quote(peer)
                + ", \"event\": " + quote(type.wireName()) + ", \"reason\": " + quote(reason) + "}";
    }

    /** A line for people: {@code TIME node PEER event (reason)}. */
    public String toText() {
        return time + " " + node + ": " + type.wireName() + " " + peer + " (" + reason + ")";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

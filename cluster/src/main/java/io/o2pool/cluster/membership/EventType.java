package io.o2pool.cluster.membership;

/** A membership change, with its name in the {@code --events json} stream. */
public enum EventType {
    /** A node became live on the disk heartbeat. */
    NODE_UP("node-up"),
    /** A node went down on the disk heartbeat (dead, or stopped cleanly). */
    NODE_DOWN("node-down"),
    /** The o2net handshake with a peer passed. */
    CONNECTED("connected"),
    /** The o2net connection to a peer is gone. */
    DISCONNECTED("disconnected"),
    /** This node fenced itself. */
    FENCED("fenced");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The event's name in JSON ({@code node-up}, ...). */
    public String wireName() {
        return wireName;
    }
}

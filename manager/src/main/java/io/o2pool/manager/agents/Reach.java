package io.o2pool.manager.agents;

/**
 * Whether one TCP connection a server's agent made (from its cluster address, as o2net connects) reached
 * {@code target}; {@code error} says why not, null when it did.
 */
public record Reach(HostPort target, String error) {
    public boolean ok() {
        return error == null;
    }
}

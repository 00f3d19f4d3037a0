package io.o2pool.manager.planner;

/**
 * What one server runs now, as its agent (or the store) reports it.
 *
 * @param server the manager's server name
 * @param liveGeneration the committed generation, 0 when none
 * @param liveText the committed cluster.conf text, empty when none
 */
public record ObservedNode(String server, long liveGeneration, String liveText) {
    public static ObservedNode empty(String server) {
        return new ObservedNode(server, 0, "");
    }
}

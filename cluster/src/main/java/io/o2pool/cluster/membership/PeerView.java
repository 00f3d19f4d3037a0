package io.o2pool.cluster.membership;

import io.o2pool.cluster.net.ConnectionState;

/**
 * One node as the local node sees it at one moment. Immutable snapshot.
 *
 * @param name            the node's name
 * @param number          its number (and heartbeat slot)
 * @param heartbeat       LIVE or DEAD on the disk heartbeat
 * @param connection      the o2net connection state (NOT_CONNECTED for the local node itself)
 * @param lastSequence    the last {@code hb_seq} seen in its slot
 * @param generation      the last generation seen in its slot
 * @param missedSamples   consecutive samples without a sequence change
 */
public record PeerView(String name, int number, HeartbeatState heartbeat, ConnectionState connection,
        long lastSequence, long generation, int missedSamples) {

    /** Disk heartbeat state of a node. */
    public enum HeartbeatState {
        /** Not seen heartbeating (or declared dead): do not count it. */
        DEAD,
        /** Heartbeating: it counts for quorum and o2net connects to it. */
        LIVE
    }
}

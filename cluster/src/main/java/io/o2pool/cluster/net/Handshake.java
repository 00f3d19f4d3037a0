package io.o2pool.cluster.net;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The 32-byte big-endian handshake both ends of an o2net connection send first ({@code struct o2net_handshake},
 * {@code tcp_internal.h}): protocol version, connector id, then the heartbeat (write) timeout, idle timeout,
 * keepalive delay and reconnect delay in ms. A peer whose version, idle timeout, keepalive delay or heartbeat
 * timeout differs is refused with the kernel's message ({@code tcp.c: o2net_check_handshake}); the reconnect
 * delay is not checked. Immutable.
 */
public record Handshake(long protocolVersion, long connectorId, int heartbeatTimeoutMs, int idleTimeoutMs,
        int keepaliveDelayMs, int reconnectDelayMs) {
    /** Size on the wire. */
    public static final int BYTES = 32;
    /** {@code O2NET_PROTOCOL_VERSION} of current kernels. */
    public static final long PROTOCOL_VERSION = 11;
    /** {@code connector_id}, always 1 ({@code o2net_init}). */
    public static final long CONNECTOR_ID = 1;

    /** What this node sends: its own timeouts. */
    public static Handshake local(int heartbeatTimeoutMs, int idleTimeoutMs, int keepaliveDelayMs, int reconnectDelayMs) {
        return new Handshake(PROTOCOL_VERSION, CONNECTOR_ID, heartbeatTimeoutMs, idleTimeoutMs, keepaliveDelayMs,
                reconnectDelayMs);
    }

    /** Decodes 32 bytes at {@code off}. */
    public static Handshake decode(byte[] data, int off) {
        ByteBuffer b = ByteBuffer.wrap(data, off, BYTES);
        return new Handshake(b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    /** The 32 bytes on the wire. */
    public byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(protocolVersion).putLong(connectorId).putInt(heartbeatTimeoutMs)
                .putInt(idleTimeoutMs).putInt(keepaliveDelayMs).putInt(reconnectDelayMs).array();
    }

    /**
     * Why {@code remote}'s handshake is refused by this node (whose handshake this is), as the kernel logs it,
     * or empty when it is accepted. {@code peer} is the kernel's {@code SC_NODEF_FMT} of the remote node.
     */
    public Optional<String> refusal(Handshake remote, String peer) {
        if (remote.protocolVersion != protocolVersion) {
            return Optional.of(String.format("o2net: %s Advertised net protocol version %d but %d is required. "
                    + "Disconnecting.", peer, remote.protocolVersion, protocolVersion));
        }
        if (remote.idleTimeoutMs != idleTimeoutMs) {
            return Optional.of(String.format("o2net: %s uses a network idle timeout of %d ms, but we use %d ms locally. "
                    + "Disconnecting.", peer, u32(remote.idleTimeoutMs), u32(idleTimeoutMs)));
        }
        if (remote.keepaliveDelayMs != keepaliveDelayMs) {
            return Optional.of(String.format("o2net: %s uses a keepalive delay of %d ms, but we use %d ms locally. "
                    + "Disconnecting.", peer, u32(remote.keepaliveDelayMs), u32(keepaliveDelayMs)));
        }
        if (remote.heartbeatTimeoutMs != heartbeatTimeoutMs) {
            return Optional.of(String.format("o2net: %s uses a heartbeat timeout of %d ms, but we use %d ms locally. "
                    + "Disconnecting.", peer, u32(remote.heartbeatTimeoutMs), u32(heartbeatTimeoutMs)));
        }
        return Optional.empty();
    }

    private static long u32(int v) {
        return Integer.toUnsignedLong(v);
    }
}

package io.o2pool.cluster.heartbeat;

import java.nio.charset.StandardCharsets;

/**
 * One o2hb write-hang negotiation message ({@code heartbeat.c}, Linux 4.7 and later): the payload is
 * {@code struct o2hb_nego_msg { u8 node_num; }} (the sender's node number), sent as an o2net request of type
 * {@link Type#TIMEOUT} or {@link Type#APPROVE} under the region's {@link #key}. The o2net header around it is
 * {@link io.o2pool.cluster.net.MessageHeader}. Immutable.
 *
 * @param type    which message
 * @param nodeNum the sender's node number (0..254 from a sane sender; the receiver checks)
 */
public record NegoMessage(Type type, int nodeNum) {
    /** {@code sizeof(struct o2hb_nego_msg)}: the payload length and the handlers' {@code max_len}. */
    public static final int PAYLOAD_BYTES = 1;
    /** {@code O2NM_MAX_REGIONS}: the key's seed is the region number plus this. */
    public static final int MAX_REGIONS = 32;

    /** The o2net message types of the negotiation (an enum in heartbeat.c, not a protocol-wide constant). */
    public enum Type {
        /** {@code O2HB_NEGO_TIMEOUT_MSG}: "my heartbeat write has hung for half the write timeout", to the master. */
        TIMEOUT(1, "NEGO_TIMEOUT"),
        /** {@code O2HB_NEGO_APPROVE_MSG}: from the master once every live node reported: re-arm the write timeout. */
        APPROVE(2, "NEGO_APPROVE");

        private final int msgType;
        private final String kernelName;

        Type(int msgType, String kernelName) {
            this.msgType = msgType;
            this.kernelName = kernelName;
        }

        /** The o2net {@code msg_type}. */
        public int msgType() {
            return msgType;
        }

        /** The name in the kernel's log lines ({@code send NEGO_TIMEOUT msg to node %d fail %d}). */
        public String kernelName() {
            return kernelName;
        }
    }

    /**
     * The o2net key of a region's negotiation messages ({@code o2hb_heartbeat_group_make_item}):
     * {@code crc32_le(hr_region_num + O2NM_MAX_REGIONS, name, strlen(name))}. The seed differs from the dlm's 0 so
     * that the key of a local-heartbeat region (named by the filesystem UUID, like the dlm domain) differs from the
     * domain's key. {@code regionNum} is 0 in local heartbeat mode and for the first global region.
     */
    public static int key(String regionName, int regionNum) {
        byte[] name = regionName.getBytes(StandardCharsets.US_ASCII);
        return Crc32Le.of(regionNum + MAX_REGIONS, name, 0, name.length);
    }

    /**
     * Reads a received payload. The kernel's handlers read {@code node_num} from the first payload byte whatever the
     * length (o2net refuses longer payloads before); an empty payload reads as node 0 here.
     */
    public static NegoMessage decode(Type type, byte[] payload) {
        return new NegoMessage(type, payload.length == 0 ? 0 : payload[0] & 0xff);
    }

    /** The one-byte payload. */
    public byte[] payload() {
        return new byte[] {(byte) nodeNum};
    }
}

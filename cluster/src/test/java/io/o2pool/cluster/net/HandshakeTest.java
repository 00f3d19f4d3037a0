package io.o2pool.cluster.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The o2net handshake and message header wire formats (big-endian, as the kernel's structs). */
class HandshakeTest {
    private static final String PEER = "node vm-host02 (num 1) at 192.168.3.152:7777";

    @Test
    void encodesTheKernelsThirtyTwoBigEndianBytes() {
        byte[] wire = Handshake.local(60000, 30000, 2000, 2000).encode();
        assertThat(HexFormat.of().formatHex(wire)).isEqualTo(
                "000000000000000b" + "0000000000000001" + "0000ea60" + "00007530" + "000007d0" + "000007d0");
        assertThat(Handshake.decode(wire, 0)).isEqualTo(Handshake.local(60000, 30000, 2000, 2000));
    }

    @Test
    void refusesEachMismatchWithTheKernelsMessageInTheKernelsOrder() {
        Handshake ours = Handshake.local(60000, 30000, 2000, 2000);
        assertThat(ours.refusal(new Handshake(7, 1, 60000, 30000, 2000, 2000), PEER)).contains(
                "o2net: " + PEER + " Advertised net protocol version 7 but 11 is required. Disconnecting.");
        assertThat(ours.refusal(Handshake.local(12000, 10000, 3000, 2000), PEER)).contains(
                "o2net: " + PEER + " uses a network idle timeout of 10000 ms, but we use 30000 ms locally. Disconnecting.");
        assertThat(ours.refusal(Handshake.local(12000, 30000, 3000, 2000), PEER)).contains(
                "o2net: " + PEER + " uses a keepalive delay of 3000 ms, but we use 2000 ms locally. Disconnecting.");
        assertThat(ours.refusal(Handshake.local(12000, 30000, 2000, 2000), PEER)).contains(
                "o2net: " + PEER + " uses a heartbeat timeout of 12000 ms, but we use 60000 ms locally. Disconnecting.");
        assertThat(ours.refusal(Handshake.local(60000, 30000, 2000, 9000), PEER)).isEmpty();
    }

    @Test
    void messageHeaderIsTwentyFourBigEndianBytes() {
        MessageHeader keep = MessageHeader.keepaliveRequest();
        assertThat(HexFormat.of().formatHex(keep.encode())).isEqualTo("fa57" + "0".repeat(44));
        assertThat(HexFormat.of().formatHex(MessageHeader.keepaliveReply().encode())).startsWith("fa58");
        MessageHeader msg = new MessageHeader(MessageHeader.MSG_MAGIC, 4, 502, 0, 0, 0xdeadbeef, 7);
        byte[] wire = msg.encode();
        assertThat(HexFormat.of().formatHex(wire)).isEqualTo("fa55" + "0004" + "01f6" + "0000" + "00000000" + "00000000"
                + "deadbeef" + "00000007");
        assertThat(MessageHeader.decode(wire, 0)).isEqualTo(msg);
        assertThat(msg.statusReply(MessageHeader.ERR_NO_HANDLER, 0))
                .isEqualTo(new MessageHeader(MessageHeader.STATUS_MAGIC, 0, 502, 1, 0, 0xdeadbeef, 7));
        assertThat(MessageHeader.MAX_PAYLOAD_BYTES).isEqualTo(4072);
    }
}

package io.o2pool.cluster.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.cluster.net.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The negotiation messages on the o2net wire, against bytes derived by hand from the kernel's structs:
 * {@code struct o2net_msg} (tcp.h: __be16 magic, data_len, msg_type, pad1; __be32 sys_status, status, key, msg_num)
 * followed by {@code struct o2hb_nego_msg { u8 node_num; }}, with {@code msg_type} from heartbeat.c's enum
 * (O2HB_NEGO_TIMEOUT_MSG = 1, O2HB_NEGO_APPROVE_MSG = 2) and {@code key = crc32_le(hr_region_num + O2NM_MAX_REGIONS,
 * name, strlen(name))}. The expected keys were computed outside Java with Python's zlib:
 * {@code crc32_le(seed, d) = ~zlib.crc32(d, ~seed)} (zlib inverts before and after; the kernel does not).
 */
class NegoMessageTest {
    private static final String REGION = "0EC72282980B4D699896E473E6AF7D9B"; // a volume UUID from the kvm runs
    private static final int REGION_KEY = 0x0085cd5f; // crc32_le(0 + 32, REGION, 32)
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theKeyIsTheSeededCrcOfTheRegionName() {
        assertThat(NegoMessage.key(REGION, 0)).isEqualTo(REGION_KEY);
        assertThat(NegoMessage.key("memory-region", 0)).isEqualTo(0x8c7c076e);
        // not the dlm's key of the same name (seed 0): the reason for the seed
        assertThat(NegoMessage.key(REGION, 0)).isNotEqualTo(0x3a37108d);
    }

    @Test
    void seededCrcMatchesTheKernelsCrc32LeAndTheUnseededOne() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc32Le.of(0xffffffff, check, 0, 9)).isEqualTo(~0xcbf43926); // the CRC-32 check value, un-inverted
        assertThat(Crc32Le.of(0, check, 0, 9)).isEqualTo(Crc32Le.of(check, 0, 9)).isEqualTo(0x2dfd2d88);
        assertThat(Crc32Le.of(32, check, 0, 9)).isEqualTo(0xaf0caf2b);
    }

    @Test
    void nodeTwoReportingAHungWriteToTheMasterIsTwentyFiveBytes() {
        NegoMessage timeout = new NegoMessage(NegoMessage.Type.TIMEOUT, 2);
        byte[] wire = MessageHeader.request(timeout.type().msgType(), REGION_KEY, 0, NegoMessage.PAYLOAD_BYTES)
                .encodeWith(timeout.payload());
        assertThat(HEX.formatHex(wire)).isEqualTo("fa55" // O2NET_MSG_MAGIC
                + "0001" // data_len = sizeof(struct o2hb_nego_msg)
                + "0001" // msg_type = O2HB_NEGO_TIMEOUT_MSG
                + "0000" // pad1
                + "00000000" // sys_status = O2NET_ERR_NONE
                + "00000000" // status
                + "0085cd5f" // key
                + "00000000" // msg_num: the sender's first status-wait id
                + "02"); // node_num
    }

    @Test
    void theMasterApprovingIsTheSameHeaderWithTypeTwo() {
        NegoMessage approve = new NegoMessage(NegoMessage.Type.APPROVE, 0);
        byte[] wire = MessageHeader.request(approve.type().msgType(), REGION_KEY, 3, NegoMessage.PAYLOAD_BYTES)
                .encodeWith(approve.payload());
        assertThat(HEX.formatHex(wire)).isEqualTo("fa55" + "0001" + "0002" + "0000" + "00000000" + "00000000"
                + "0085cd5f" + "00000003" + "00");
        MessageHeader back = MessageHeader.decode(wire, 0);
        assertThat(back.msgType()).isEqualTo(2);
        assertThat(back.key()).isEqualTo(REGION_KEY);
        byte[] payload = {wire[MessageHeader.BYTES]};
        assertThat(NegoMessage.decode(NegoMessage.Type.APPROVE, payload)).isEqualTo(approve);
    }

    @Test
    void theReplyIsABareStatusHeaderEchoingTypeKeyAndNumber() {
        MessageHeader request = MessageHeader.request(1, REGION_KEY, 5, 1);
        assertThat(HEX.formatHex(request.statusReply(MessageHeader.ERR_NONE, 0).encode())).isEqualTo(
                "fa56" + "0000" + "0001" + "0000" + "00000000" + "00000000" + "0085cd5f" + "00000005");
        // a node without the handlers (a kernel before 4.7) answers O2NET_ERR_NO_HNDLR: -ENOPROTOOPT for the sender
        assertThat(HEX.formatHex(request.statusReply(MessageHeader.ERR_NO_HANDLER, 0).encode()))
                .isEqualTo("fa56" + "0000" + "0001" + "0000" + "00000001" + "00000000" + "0085cd5f" + "00000005");
        assertThat(MessageHeader.errno(MessageHeader.ERR_NO_HANDLER)).isEqualTo(-92);
    }

    @Test
    void nodeNumbersUpTo254FitTheUnsignedByte() {
        assertThat(new NegoMessage(NegoMessage.Type.TIMEOUT, 254).payload()).containsExactly((byte) 0xfe);
        assertThat(NegoMessage.decode(NegoMessage.Type.TIMEOUT, new byte[] {(byte) 0xfe}).nodeNum()).isEqualTo(254);
    }
}

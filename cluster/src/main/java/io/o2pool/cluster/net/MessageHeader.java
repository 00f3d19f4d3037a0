package io.o2pool.cluster.net;

import java.nio.ByteBuffer;

/**
 * The 24-byte big-endian o2net message header ({@code struct o2net_msg}, {@code tcp.h}): magic, payload length,
 * message type, pad, system status, handler status, key and message number, followed by at most
 * {@link #MAX_PAYLOAD_BYTES} of payload. Keepalives are bare headers with magic {@link #KEEP_REQ_MAGIC} /
 * {@link #KEEP_RESP_MAGIC}. Immutable.
 */
public record MessageHeader(int magic, int dataLen, int msgType, int sysStatus, int status, int key, int msgNum) {
    /** Size on the wire. */
    public static final int BYTES = 24;
    /** {@code O2NET_MSG_MAGIC}: a request for a registered handler. */
    public static final int MSG_MAGIC = 0xfa55;
    /** {@code O2NET_MSG_STATUS_MAGIC}: a handler's status reply. */
    public static final int STATUS_MAGIC = 0xfa56;
    /** {@code O2NET_MSG_KEEP_REQ_MAGIC}: keepalive request. */
    public static final int KEEP_REQ_MAGIC = 0xfa57;
    /** {@code O2NET_MSG_KEEP_RESP_MAGIC}: keepalive reply. */
    public static final int KEEP_RESP_MAGIC = 0xfa58;
    /** {@code O2NET_MAX_PAYLOAD_BYTES}: a page minus the header. */
    public static final int MAX_PAYLOAD_BYTES = 4096 - BYTES;
    /** {@code O2NET_ERR_NONE}: the handler ran; its return value is in {@code status}. */
    public static final int ERR_NONE = 0;
    /** {@code O2NET_ERR_NO_HNDLR}: no handler registered for the type and key. */
    public static final int ERR_NO_HANDLER = 1;
    /** {@code O2NET_ERR_OVERFLOW}: the payload is longer than the handler's {@code max_len}. */
    public static final int ERR_OVERFLOW = 2;
    /** {@code O2NET_ERR_DIED}: the connection went away before the reply. */
    public static final int ERR_DIED = 3;

    /**
     * A request header ({@code o2net_init_msg}): magic {@link #MSG_MAGIC}, the payload length, type and key,
     * {@code O2NET_ERR_NONE}, status 0, and the sender's status-wait id as {@code msg_num}.
     */
    public static MessageHeader request(int msgType, int key, int msgNum, int dataLen) {
        return new MessageHeader(MSG_MAGIC, dataLen, msgType, ERR_NONE, 0, key, msgNum);
    }

    /**
     * The errno {@code o2net_send_message} returns for a reply's system status ({@code o2net_sys_err_to_errno}):
     * 0, {@code -ENOPROTOOPT} (no handler), {@code -EOVERFLOW}, {@code -EHOSTDOWN} (died); {@code -EINVAL} beyond.
     */
    public static int errno(int systemStatus) {
        return switch (systemStatus) {
            case ERR_NONE -> 0;
            case ERR_NO_HANDLER -> -92;
            case ERR_OVERFLOW -> -75;
            case ERR_DIED -> -112;
            default -> -22;
        };
    }

    /** A keepalive request (all fields zero but the magic, as {@code o2net_init} builds it). */
    public static MessageHeader keepaliveRequest() {
        return new MessageHeader(KEEP_REQ_MAGIC, 0, 0, 0, 0, 0, 0);
    }

    /** A keepalive reply. */
    public static MessageHeader keepaliveReply() {
        return new MessageHeader(KEEP_RESP_MAGIC, 0, 0, 0, 0, 0, 0);
    }

    /** Decodes 24 bytes at {@code off}. */
    public static MessageHeader decode(byte[] data, int off) {
        ByteBuffer b = ByteBuffer.wrap(data, off, BYTES);
        int magic = Short.toUnsignedInt(b.getShort());
        int len = Short.toUnsignedInt(b.getShort());
        int type = Short.toUnsignedInt(b.getShort());
        b.getShort(); // pad
        return new MessageHeader(magic, len, type, b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    /** The 24 bytes on the wire. */
    public byte[] encode() {
        return ByteBuffer.allocate(BYTES).putShort((short) magic).putShort((short) dataLen).putShort((short) msgType)
                .putShort((short) 0).putInt(sysStatus).putInt(status).putInt(key).putInt(msgNum).array();
    }

    /** This header followed by {@code payload} (its length must be {@link #dataLen}): one message on the wire. */
    public byte[] encodeWith(byte[] payload) {
        if (payload.length != dataLen) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes, header says " + dataLen);
        }
        byte[] wire = new byte[BYTES + payload.length];
        System.arraycopy(encode(), 0, wire, 0, BYTES);
        System.arraycopy(payload, 0, wire, BYTES, payload.length);
        return wire;
    }

    /**
     * The status reply to this request ({@code o2net_send_status_magic}): the same header with the status magic,
     * no payload, and the given statuses; {@code msg_num} is kept so the sender can match it.
     */
    public MessageHeader statusReply(int systemStatus, int handlerStatus) {
        return new MessageHeader(STATUS_MAGIC, 0, msgType, systemStatus, handlerStatus, key, msgNum);
    }
}

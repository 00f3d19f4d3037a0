package io.o2pool.cluster.net;

/**
 * How a request sent with {@link O2Net#sendMessage} ended ({@code o2net_send_message_vec}'s return value and
 * {@code *status}). Immutable.
 *
 * @param error  0 when the target's handler ran, else a negative errno: the reply's system status translated
 *               ({@code -ENOPROTOOPT} no handler, {@code -EOVERFLOW} payload too long, {@code -EHOSTDOWN} the
 *               connection died first), or why it could not be sent ({@code -ENOTCONN}, {@code -ELOOP} to ourselves)
 * @param status the handler's return value when {@code error} is 0, else 0
 */
public record SendResult(int error, int status) {
    /** {@code -ENOTCONN}. */
    public static final int ENOTCONN = -107;
    /** {@code -ELOOP}: a message to this node itself. */
    public static final int ELOOP = -40;
}

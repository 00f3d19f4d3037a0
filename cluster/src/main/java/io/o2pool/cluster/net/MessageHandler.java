package io.o2pool.cluster.net;

/**
 * A handler registered with o2net for one message type and key ({@code o2net_msg_handler_func}): called on the
 * node's thread with each request whose payload fits the registered maximum; its return value goes back to the
 * sender as the reply's {@code status}.
 */
@FunctionalInterface
public interface MessageHandler {

    /** Handles one request from node {@code from}; returns the handler status (0 for success). */
    int handle(int from, MessageHeader header, byte[] payload);
}

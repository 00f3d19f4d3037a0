package io.o2pool.cluster.heartbeat;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * How the o2hb write-hang negotiation reaches the other nodes: o2net requests under the region's
 * {@link NegoMessage#key} ({@code o2net_register_handler}, {@code o2hb_send_nego_msg}). The cluster node wires it to
 * its o2net; a heartbeat without a network uses {@link #NONE}. Calls and callbacks on the node's thread.
 */
public interface NegoChannel {

    /** No network: nothing is received, every send fails with {@code -ENOTCONN}. */
    NegoChannel NONE = new NegoChannel() {
        @Override
        public void register(int key, Consumer<NegoMessage> handler) {
        }

        @Override
        public void unregister(int key) {
        }

        @Override
        public void send(int key, NegoMessage message, int target, IntConsumer done) {
            done.accept(-107);
        }
    };

    /**
     * Registers the handlers of both message types under {@code key} (payloads above
     * {@link NegoMessage#PAYLOAD_BYTES} are refused by o2net); each received message goes to {@code handler}, and the
     * handler's status 0 is returned to the sender.
     */
    void register(int key, Consumer<NegoMessage> handler);

    /** Unregisters both handlers ({@code o2net_unregister_handler_list}); harmless when not registered. */
    void unregister(int key);

    /**
     * Sends {@code message} to node {@code target}; {@code done} receives 0 once the target's handler answered, or the
     * negative errno {@code o2net_send_message} returns (e.g. {@code -ENOTCONN}, {@code -ENOPROTOOPT} when the target
     * has no handler for the key).
     */
    void send(int key, NegoMessage message, int target, IntConsumer done);
}

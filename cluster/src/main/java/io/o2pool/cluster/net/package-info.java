/**
 * o2net: the kernel's handshake and message header codecs, the connect/accept rules, keepalive, idle timeout and
 * reconnect delay, over real TCP or an in-memory transport in tests.
 */
package io.o2pool.cluster.net;

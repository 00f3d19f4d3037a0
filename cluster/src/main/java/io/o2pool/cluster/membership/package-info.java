/**
 * The membership view of one node: per-peer heartbeat and connection state, events for the agent and
 * {@code o2pool cluster run --events json}, counters, and the latency of our own heartbeat writes.
 */
package io.o2pool.cluster.membership;

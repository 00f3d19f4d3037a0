/**
 * The O2CB-compatible cluster stack that o2pool runs on any machine: disk heartbeat (o2hb) on a region
 * file in the shared repository with the kernel's block layout and timing, the o2net TCP handshake and keepalives on
 * each node's {@code ip_address:ip_port}, the kernel's quorum decision and pluggable fencing, and the membership view
 * and events the agent reports. Every timeout is driven by one injected clock and scheduler so tests read as
 * timelines; the rules follow the kernel's {@code fs/ocfs2/cluster/} sources, cited where they matter.
 */
package io.o2pool.cluster;

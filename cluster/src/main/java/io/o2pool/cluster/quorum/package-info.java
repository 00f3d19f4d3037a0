/**
 * The kernel's quorum decision ({@code quorum.c}): counts of heartbeating and connected nodes, the holds that delay
 * a decision, and the odd/even rule that chooses which nodes fence themselves.
 */
package io.o2pool.cluster.quorum;

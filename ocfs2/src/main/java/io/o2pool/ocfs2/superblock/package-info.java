/**
 * The OCFS2 superblock of a device or image file, read directly (REFERENCE §6): block and cluster size, node slots,
 * label, UUID, local or cluster mode, cluster stack and name, global heartbeat and the feature flags, with the same
 * names ocfs2-tools prints — so o2pool can check free slots and the repository UUID without ocfs2-tools installed.
 * Also {@code o2pool ocfs2 inspect DEVICE [--json]}.
 */
package io.o2pool.ocfs2.superblock;

/**
 * The o2hb disk heartbeat: the kernel's block layout and crc32_le checksum, region storage (a shared folder's
 * region file or an OCFS2 volume's heartbeat system file), the liveness rules of {@code o2hb_check_slot}, the own-slot
 * check, and the 2-second loop with its write timeout.
 */
package io.o2pool.cluster.heartbeat;

/**
 * The kernel's mount table ({@code /proc/mounts}): every entry with its octal escapes decoded and its line number,
 * and the OCFS2 mounts among them with what the seed's verification step looks at — the heartbeat mode
 * ({@code heartbeat=local} in cluster mode, {@code heartbeat=none} in local mode) and the repository UUID in
 * {@code /var/ovs/mount/<UUID>}.
 */
package io.o2pool.ocfs2.mount;

/**
 * The OCFS2/O2CB formats, read and written exactly as ocfs2-tools 1.8.7 does: {@code cluster.conf}
 * (parser with line and column in its errors, model, strict validation, byte-identical writer, editing with the
 * {@code o2cb} tool's error texts), the o2cb defaults file ({@code /etc/default/o2cb}), the OCFS2 superblock of a
 * device or image, the mount table and the host-name mapping check. Pure code: no threads, no network, no
 * cluster state; files are only touched where a caller asks (and then written atomically). Everything else in
 * o2pool builds on these types.
 */
package io.o2pool.ocfs2;

package io.o2pool.ocfs2.superblock;

import java.io.IOException;

/**
 * A device or image whose OCFS2 superblock cannot be read: missing or unreadable file, no {@code OCFSV2} signature,
 * or impossible values. The message starts with the file name and can be shown as it is.
 */
public final class SuperblockException extends IOException {
    private static final long serialVersionUID = 1L;

    public SuperblockException(String message) {
        super(message);
    }

    public SuperblockException(String message, Throwable cause) {
        super(message, cause);
    }
}

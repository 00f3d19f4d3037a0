package io.o2pool.ocfs2.tool;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The Linux error numbers that decide the tools' exit codes and messages: o2cb_ctl exits with {@code 256 - errno}
 * (EINVAL 234, EEXIST 239, ENOENT 254, ERANGE 222, ENOTSUP 161, EIO 251), and com_err prints an errno it has no
 * table for as {@code Unknown code ____ <256 - errno>}.
 */
enum Errno {
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    E2BIG(7, "Argument list too long"),
    EACCES(13, "Permission denied"),
    EEXIST(17, "File exists"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENOSPC(28, "No space left on device"),
    ERANGE(34, "Numerical result out of range"),
    ENOTSUP(95, "Operation not supported");

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    /** The exit status of a C {@code main} returning {@code -errno}. */
    int exitCode() {
        return 256 - number;
    }

    /** {@code strerror(errno)}. */
    String strerror() {
        return text;
    }

    /** What com_err prints for this code: {@code Unknown code ____ 254} for ENOENT. */
    String comErr() {
        return "Unknown code ____ " + exitCode();
    }

    /** The errno a failed file operation most likely had. */
    static Errno of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (e instanceof AccessDeniedException) {
            return EACCES;
        }
        if (e instanceof NotDirectoryException) {
            return ENOTDIR;
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            String reason = fse.getReason();
            for (Errno errno : values()) {
                if (reason.contains(errno.text)) {
                    return errno;
                }
            }
        }
        return EIO;
    }
}

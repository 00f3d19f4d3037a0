package io.o2pool.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file replacement: write a temporary file in the target's directory, fsync it, rename it over the target
 * and fsync the directory, so after a power loss or {@code kill -9} the target holds the old bytes or the new bytes,
 * never a mix (POSIX rename is atomic within one filesystem). The steps are public so {@link ConfigStore} can
 * place crash points between them.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /** Replaces {@code target} atomically; {@code ownerOnly} gives mode 0600 (secrets), else 0644 like o2cb writes. */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path temp = temporaryBeside(target);
        writeSynced(temp, content, ownerOnly);
        renameSynced(temp, target);
    }

    /**
     * Replaces {@code target} atomically through a temporary file of {@code writer}'s own, for a file several hosts
     * replace at once on a shared filesystem: with one temporary name for all, one writer truncates the file another
     * is about to rename, and readers see it empty.
     */
    public static void write(Path target, byte[] content, boolean ownerOnly, String writer) throws IOException {
        if (!writer.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("writer name " + writer + " is not usable in a file name");
        }
        Path temp = target.resolveSibling(target.getFileName() + "." + writer + ".o2pool-tmp");
        writeSynced(temp, content, ownerOnly);
        renameSynced(temp, target);
    }

    /** The name of the temporary file used for {@code target}: same directory, so the rename stays atomic. */
    public static Path temporaryBeside(Path target) {
        return target.resolveSibling(target.getFileName() + ".o2pool-tmp");
    }

    /** Creates or truncates {@code file}, writes {@code content} and fsyncs it before returning. */
    public static void writeSynced(Path file, byte[] content, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            setMode(file, ownerOnly);
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Renames {@code from} over {@code to} atomically, then fsyncs the directory so the rename itself is durable. */
    public static void renameSynced(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically; both must be on one filesystem", e);
        }
        fsyncDirectory(to.toAbsolutePath().getParent());
    }

    /** Deletes {@code file} if present and fsyncs its directory. */
    public static void deleteSynced(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            fsyncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Flushes a directory's entries (creations, renames, deletions) to disk. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void setMode(Path file, boolean ownerOnly) throws IOException {
        try {
            Files.setPosixFilePermissions(file, ownerOnly ? OWNER_ONLY : WORLD_READABLE);
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: nothing to set
        }
    }
}

package io.o2pool.ocfs2.conf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * cluster.conf on disk: loads a file (a missing file is an empty configuration, as for the tools) and stores one
 * atomically, so a reader or a crash never sees half a file: the bytes go to a temporary file in the same directory,
 * are forced to disk, get mode 0644, and the temporary file is renamed over the target. A refused change never gets
 * here, so the file keeps its bytes. Thread-safe (stateless); concurrent writers are last-rename-wins.
 */
public final class ConfFile {
    /** Where o2cb and o2cb_ctl read and write by default. */
    public static final Path DEFAULT_PATH = Path.of("/etc/ocfs2/cluster.conf");

    private static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");

    private ConfFile() {
    }

    /** Loads {@code path}; a file that does not exist holds no clusters. */
    public static LoadedConf load(Path path) throws IOException, ConfParseException {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException missing) {
            return new LoadedConf(ClusterConf.empty(), List.of());
        }
        return ConfReader.parse(content);
    }

    /** Replaces {@code path} with {@code conf} as ocfs2-tools would write it, atomically, mode 0644. */
    public static void store(Path path, ClusterConf conf) throws IOException {
        write(path, ConfWriter.toBytes(conf));
    }

    /** Replaces {@code path} with {@code content} atomically (temporary file, fsync, chmod 0644, rename). */
    public static void write(Path path, byte[] content) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, MODE_0644);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable; a directory that cannot be opened for sync (some filesystems) is left as is. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // the rename is done; only its durability across a crash depends on this
        }
    }
}

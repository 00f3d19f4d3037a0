package io.o2pool.libvirtd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where an instance's sockets live: its {@code config} ({@code XDG_CONFIG_HOME}: QEMU monitor and guest channel
 * sockets) and {@code run} ({@code XDG_RUNTIME_DIR}: libvirtd's, virtlockd's and the migration sockets) folders.
 * A UNIX socket path holds at most {@value #SOCKET_PATH_MAX_BYTES} bytes, and the longest one made below these
 * folders is the agent's incoming-migration socket {@code run/libvirt/migrate-NAME.sock} for a VM name of 63 bytes
 * ({@value #LONGEST_SOCKET_SUFFIX_BYTES} bytes after the folder; a guest channel,
 * {@code config/libvirt/qemu/channel/target/domain-ID-NAME20/org.o2pool.tick}, is 85). So they stay in the server's
 * folder when that path has at most {@value #MAX_BYTES} bytes, and otherwise — as for any real data dir, e.g.
 * {@code /root/.o2pool-demo/servers/vm-host01/libvirt} — live in {@code /tmp/o2v<PID>.<N>} (this process's PID, the
 * first free N), with symlinks {@code config} and {@code run} in the server's folder pointing there. A restarted
 * instance (after {@link SessionLibvirtd#kill()}) finds its runtime folder through those symlinks and keeps its domain
 * definitions; {@link #remove()} deletes the folder and the symlinks.
 *
 * @param dir      the server's folder of the instance
 * @param runtime  where {@code config} and {@code run} really are ({@code dir} itself when short enough)
 * @param separate whether {@code runtime} is a folder of its own in {@code /tmp}
 */
public record RuntimeDir(Path dir, Path runtime, boolean separate) {
    /** sun_path is 108 bytes with the terminating NUL. */
    public static final int SOCKET_PATH_MAX_BYTES = 107;
    /** {@code /run/libvirt/migrate-} + a 63-byte VM name + {@code .sock}. */
    public static final int LONGEST_SOCKET_SUFFIX_BYTES = 21 + 63 + 5;
    /** The longest folder the sockets may live in. */
    public static final int MAX_BYTES = SOCKET_PATH_MAX_BYTES - LONGEST_SOCKET_SUFFIX_BYTES;
    private static final Path SHORT_PARENT = Path.of("/tmp");

    /** Whether {@code dir}'s path is short enough for every socket below it. */
    public static boolean fits(Path dir) {
        return dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** The {@code n}-th short runtime folder of process {@code pid}: {@code /tmp/o2v<pid>.<n>} (at most 18 bytes). */
    public static Path candidate(long pid, int n) {
        return SHORT_PARENT.resolve("o2v" + pid + "." + n);
    }

    /**
     * The runtime folder of the instance in {@code dir} (created, as are the symlinks): {@code dir} itself when it
     * {@link #fits}, the one its symlinks name when they point to an existing short folder, else a new
     * {@link #candidate} of process {@code pid}.
     */
    public static RuntimeDir prepare(Path dir, long pid) throws IOException {
        Files.createDirectories(dir);
        if (fits(dir)) {
            Files.createDirectories(dir.resolve("config"));
            Files.createDirectories(dir.resolve("run"));
            return new RuntimeDir(dir, dir, false);
        }
        Optional<Path> kept = linkedRuntime(dir);
        if (kept.isPresent()) {
            return new RuntimeDir(dir, kept.get(), true);
        }
        for (String link : new String[] {"config", "run"}) {
            Path p = dir.resolve(link);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                throw new IOException("libvirtd folder " + dir + " has a real '" + link + "' folder, but its path is "
                        + "too long for sockets (over " + MAX_BYTES + " bytes); remove " + p + " and start again");
            }
        }
        for (int n = 1; n < 10_000; n++) {
            Path runtime = candidate(pid, n);
            try {
                Files.createDirectory(runtime);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            for (String link : new String[] {"config", "run"}) {
                Files.createDirectories(runtime.resolve(link));
                Files.deleteIfExists(dir.resolve(link));
                Files.createSymbolicLink(dir.resolve(link), runtime.resolve(link));
            }
            return new RuntimeDir(dir, runtime, true);
        }
        throw new IOException("no free runtime folder " + candidate(pid, 1) + " .. 9999 for libvirtd in " + dir
                + "; remove the old /tmp/o2v" + pid + ".* folders");
    }

    private static Optional<Path> linkedRuntime(Path dir) throws IOException {
        Path config = dir.resolve("config");
        Path run = dir.resolve("run");
        if (!Files.isSymbolicLink(config) || !Files.isSymbolicLink(run)) {
            return Optional.empty();
        }
        Path runtime = Files.readSymbolicLink(config).getParent();
        if (runtime == null || !runtime.equals(Files.readSymbolicLink(run).getParent()) || !fits(runtime)
                || !Files.isDirectory(runtime.resolve("config")) || !Files.isDirectory(runtime.resolve("run"))) {
            return Optional.empty();
        }
        return Optional.of(runtime);
    }

    public Path config() {
        return runtime.resolve("config");
    }

    public Path run() {
        return runtime.resolve("run");
    }

    /** Deletes a separate runtime folder (sockets, pid files, domain definitions) and the symlinks to it. */
    public void remove() throws IOException {
        if (!separate) {
            return;
        }
        for (String link : new String[] {"config", "run"}) {
            Path p = dir.resolve(link);
            if (Files.isSymbolicLink(p)) {
                Files.delete(p);
            }
        }
        if (Files.exists(runtime, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(runtime, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }
}

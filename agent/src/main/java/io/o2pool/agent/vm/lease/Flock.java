package io.o2pool.agent.vm.lease;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * An exclusive {@code flock(2)} on a file, held until {@link #close()}. flock, not fcntl: on OCFS2 with the o2cb stack
 * flock locks are cluster-wide (the DLM's, dropped when a holder is evicted) while POSIX locks — and Java's
 * {@code FileChannel.lock}, which takes them — are local to one node. On a plain directory it is machine-wide, which
 * is what the tests share. Called through the foreign-function API (start the JVM with
 * {@code --enable-native-access=ALL-UNNAMED}, as the o2pool launcher does). Not thread-safe; one per holder.
 */
public final class Flock implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final MethodHandle OPEN;
    private static final MethodHandle FLOCK;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        OPEN = linker.downcallHandle(libc.find("open").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
        FLOCK = linker.downcallHandle(libc.find("flock").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        CLOSE = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    }

    private final Path file;
    private int fd;

    private Flock(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /** Opens (creating) {@code file} and blocks until this process holds its exclusive flock. */
    public static Flock exclusive(Path file) throws IOException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toString());
            fd = (int) OPEN.invokeExact(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        } catch (Throwable t) {
            throw new IOException("cannot open lock file " + file + ": " + t, t);
        }
        if (fd < 0) {
            throw new IOException("cannot open lock file " + file + " (open failed; is the repository mounted "
                    + "read-write?)");
        }
        int rc;
        try {
            rc = (int) FLOCK.invokeExact(fd, LOCK_EX);
        } catch (Throwable t) {
            closeFd(fd);
            throw new IOException("flock " + file + " failed: " + t, t);
        }
        if (rc != 0) {
            closeFd(fd);
            throw new IOException("flock(LOCK_EX) on " + file + " failed (a repository mounted with localflocks "
                    + "or a file system without flock?)");
        }
        return new Flock(file, fd);
    }

    public Path file() {
        return file;
    }

    /** Releases the lock (closing the descriptor drops it). Idempotent. */
    @Override
    public void close() {
        if (fd >= 0) {
            closeFd(fd);
            fd = -1;
        }
    }

    private static void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // nothing else to do: the descriptor is gone either way when the process exits
        }
    }
}

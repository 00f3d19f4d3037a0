package io.o2pool.cluster.heartbeat;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block device opened with {@code O_DIRECT | O_DSYNC}, read and written in whole logical sectors from aligned
 * buffers, through the JDK's foreign-function API (libc {@code open}, {@code ioctl(BLKSSZGET)}, {@code pread},
 * {@code pwrite}, {@code close}).
 *
 * <p>Why: kernel o2hb nodes on other hosts read and write the heartbeat region with bios of exactly one block that
 * bypass every page cache ({@code o2hb_setup_one_bio}, {@code REQ_SYNC}). A buffered file descriptor on this host
 * breaks that twice (measured in {@code kvm-ocfs2/wire-compat.md}): its reads return the page cache's stale copy of
 * the other nodes' slots for as long as it stays open, and a 512-byte write writes back the whole 4 KiB page, i.e.
 * the stale copies of seven neighbouring slots, which the kernels report as {@code Heartbeat sequence mismatch} and
 * then fence on. The JDK's own {@code ExtendedOpenOption.DIRECT} is no substitute: it insists on the file system's
 * block size (4096 for /dev nodes), not the device's logical sector size.
 *
 * <p>Every offset and length must be a multiple of {@link #logicalSectorBytes()}. Thread-safe: positional I/O only,
 * one native buffer per call; {@link #close()} does not wait for an I/O in flight (a hung write must not hang the
 * node's shutdown), the descriptor is closed when the last one returns.
 */
public final class DirectBlockDevice implements Closeable {
    private static final int O_RDONLY = 0x0;
    private static final int O_RDWR = 0x2;
    private static final int O_DSYNC = 0x1000;
    private static final int O_CLOEXEC = 0x80000;
    /** {@code _IO(0x12, 104)}: the device's logical sector size, an int. */
    private static final long BLKSSZGET = 0x1268;
    private static final int EINTR = 4;
    /** Buffers are page-aligned, which satisfies any logical sector size (512-4096). */
    private static final long BUFFER_ALIGNMENT = 4096;

    private final Path path;
    private final int fd;
    private final int sectorBytes;
    private final Object lock = new Object();
    private int inFlight;
    private boolean closed;

    private DirectBlockDevice(Path path, int fd, int sectorBytes) {
        this.path = path;
        this.fd = fd;
        this.sectorBytes = sectorBytes;
    }

    /** True if {@code path} (after symbolic links) is a block device node. */
    public static boolean isBlockDevice(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode");
        return (mode & 0xF000) == 0x6000; // S_IFMT, S_IFBLK
    }

    /**
     * Opens the block device {@code device} for direct, synchronous I/O and reads its logical sector size.
     *
     * @throws IOException if it is not a block device, cannot be opened (with the OS's reason) or the platform's
     *                     {@code O_DIRECT} value is not known here
     */
    public static DirectBlockDevice open(Path device) throws IOException {
        return open(device, O_RDWR | O_DSYNC | O_CLOEXEC);
    }

    /**
     * Opens the block device {@code device} for direct reads only ({@code O_RDONLY|O_DIRECT}): to watch a region the
     * kernel heartbeats in without any chance of writing to it. {@link #write} fails with the OS's EBADF.
     */
    public static DirectBlockDevice openReadOnly(Path device) throws IOException {
        return open(device, O_RDONLY | O_CLOEXEC);
    }

    private static DirectBlockDevice open(Path device, int mode) throws IOException {
        if (!isBlockDevice(device)) {
            throw new IOException(device + " is not a block device; direct heartbeat I/O is for block devices only");
        }
        int flags = mode | oDirect();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) Libc.OPEN.invokeExact(state, arena.allocateFrom(device.toString()), flags, 0);
            if (fd < 0) {
                throw failure("open " + device + " with O_DIRECT|O_DSYNC", state);
            }
            MemorySegment size = arena.allocate(JAVA_INT);
            if ((int) Libc.IOCTL.invokeExact(state, fd, BLKSSZGET, size) < 0) {
                IOException e = failure("ioctl(BLKSSZGET) on " + device, state);
                int ignored = (int) Libc.CLOSE.invokeExact(fd);
                throw e;
            }
            int sector = size.get(JAVA_INT, 0);
            if (sector < 512 || sector > 4096 || Integer.bitCount(sector) != 1) {
                int ignored = (int) Libc.CLOSE.invokeExact(fd);
                throw new IOException(device + " reports a logical sector size of " + sector
                        + " bytes; o2hb supports 512 to 4096 (a power of two)");
            }
            return new DirectBlockDevice(device, fd, sector);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed on " + device, t);
        }
    }

    /** The device's logical sector size in bytes ({@code BLKSSZGET}, the kernel's {@code bdev_logical_block_size}). */
    public int logicalSectorBytes() {
        return sectorBytes;
    }

    /** Reads {@code length} bytes at byte {@code offset} of the device into {@code into[at..]}, bypassing the cache. */
    public void read(long offset, byte[] into, int at, int length) throws IOException {
        checkAligned(offset, length);
        acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(length, BUFFER_ALIGNMENT);
            transfer(Libc.PREAD, "read", arena, buf, offset);
            MemorySegment.copy(buf, JAVA_BYTE, 0, into, at, length);
        } finally {
            release();
        }
    }

    /**
     * Writes {@code from[at..at+length)} at byte {@code offset} of the device in one {@code pwrite}; returns once
     * the device has it ({@code O_DSYNC}). Nothing outside {@code [offset, offset + length)} is written.
     */
    public void write(long offset, byte[] from, int at, int length) throws IOException {
        checkAligned(offset, length);
        acquire();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(length, BUFFER_ALIGNMENT);
            MemorySegment.copy(from, at, buf, JAVA_BYTE, 0, length);
            transfer(Libc.PWRITE, "write", arena, buf, offset);
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (inFlight == 0) {
                closeFd();
            }
        }
    }

    private void transfer(MethodHandle call, String what, Arena arena, MemorySegment buf, long offset)
            throws IOException {
        MemorySegment state = arena.allocate(Libc.CALL_STATE);
        long done;
        try {
            do {
                done = (long) call.invokeExact(state, fd, buf, buf.byteSize(), offset);
            } while (done < 0 && (int) Libc.ERRNO.get(state, 0L) == EINTR);
        } catch (Throwable t) {
            throw new IOException("native " + what + " failed on " + path, t);
        }
        if (done < 0) {
            throw failure(what + " of " + buf.byteSize() + " bytes at byte " + offset + " of " + path, state);
        }
        if (done != buf.byteSize()) {
            // a direct transfer on a block device is all or nothing, except at the end of the device
            throw new IOException(what + " of " + buf.byteSize() + " bytes at byte " + offset + " of " + path
                    + " transferred " + done + " bytes: the region lies past the end of the device");
        }
    }

    private void checkAligned(long offset, int length) {
        if (offset < 0 || length <= 0 || offset % sectorBytes != 0 || length % sectorBytes != 0) {
            throw new IllegalArgumentException("direct I/O of " + length + " bytes at byte " + offset + " of " + path
                    + " is not in whole " + sectorBytes + "-byte sectors");
        }
    }

    private void acquire() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            inFlight++;
        }
    }

    private void release() {
        synchronized (lock) {
            if (--inFlight == 0 && closed) {
                closeFd();
            }
        }
    }

    private void closeFd() {
        try {
            int ignored = (int) Libc.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close of " + path + " failed", t);
        }
    }

    /**
     * {@code O_DIRECT} differs between architectures (asm/fcntl.h): 040000 on x86-64, 0200000 on arm64. Only 64-bit
     * Linux platforms whose value is known here are allowed (their off_t is 64 bits, as the downcalls assume).
     */
    private static int oDirect() throws IOException {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> 0x4000;
            case "aarch64" -> 0x10000;
            default -> throw new IOException("O_DIRECT is not known for architecture " + arch
                    + "; direct heartbeat I/O on block devices is not supported here");
        };
    }

    private static IOException failure(String what, MemorySegment state) {
        int errno = (int) Libc.ERRNO.get(state, 0L);
        return new IOException(what + " failed: " + strerror(errno) + " (errno " + errno + ")");
    }

    @SuppressWarnings("restricted") // strerror's result is a NUL-terminated string in libc's static storage
    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) Libc.STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error";
        }
    }

    /**
     * The libc downcalls, linked on first use so merely asking {@link #isBlockDevice} needs no native access (the
     * JVM runs with {@code --enable-native-access=ALL-UNNAMED}, else it warns once on first use).
     */
    @SuppressWarnings("restricted")
    private static final class Libc {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
        // open(path, flags, mode) and ioctl(fd, request, arg) are variadic after their second argument
        private static final MethodHandle OPEN = libc("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
        private static final MethodHandle IOCTL = libc("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
        private static final MethodHandle PREAD = libc("pread",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle PWRITE = libc("pwrite",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        private static final MethodHandle STRERROR = libc("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

        private static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol = LINKER.defaultLookup().find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
            return LINKER.downcallHandle(symbol, descriptor, options);
        }
    }
}

package io.o2pool.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A loop block device over a sparse file, with a chosen logical sector size ({@code losetup --sector-size}), for
 * tests of direct I/O on a real block device. Needs root and loop support: {@link #attach} skips the test (a JUnit
 * assumption, with the reason printed) where they are missing. {@link #close()} detaches it.
 */
public final class LoopDevice implements AutoCloseable {
    private final Path device;

    private LoopDevice(Path device) {
        this.device = device;
    }

    /** Attaches a loop device of {@code sizeBytes} over a file in {@code dir}, with {@code sectorBytes} sectors. */
    public static LoopDevice attach(Path dir, long sizeBytes, int sectorBytes)
            throws IOException, InterruptedException {
        assumeLoopSupport();
        Path backing = dir.resolve("loop-" + sectorBytes + ".img");
        try (RandomAccessFile raf = new RandomAccessFile(backing.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        }
        String out = run(List.of("losetup", "--find", "--show", "--sector-size", Integer.toString(sectorBytes),
                backing.toString()));
        assumeTrue(out != null && out.startsWith("/dev/loop"), () -> skip("losetup could not attach a loop device"));
        return new LoopDevice(Path.of(out.strip()));
    }

    public Path path() {
        return device;
    }

    /** The kernel's view of the device's logical sector size ({@code /sys/block/loopN/queue/logical_block_size}). */
    public int sysfsLogicalBlockSize() throws IOException {
        return Integer.parseInt(Files.readString(sysfs().resolve("queue/logical_block_size")).strip());
    }

    /** Completed write requests and the 512-byte sectors they wrote, from {@code /sys/block/loopN/stat}. */
    public WriteCounters writeCounters() throws IOException {
        String[] f = Files.readString(sysfs().resolve("stat")).strip().split("\\s+");
        return new WriteCounters(Long.parseLong(f[4]), Long.parseLong(f[6]));
    }

    /** Write requests and 512-byte sectors (the units of the block layer's statistics, whatever the sector size). */
    public record WriteCounters(long requests, long sectors512) {
        public WriteCounters minus(WriteCounters before) {
            return new WriteCounters(requests - before.requests, sectors512 - before.sectors512);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of("losetup", "--detach", device.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while detaching " + device, e);
        }
    }

    private Path sysfs() {
        return Path.of("/sys/block", device.getFileName().toString());
    }

    private static void assumeLoopSupport() throws IOException, InterruptedException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(uid == 0, () -> skip("not running as root (uid " + uid + "); losetup needs root"));
        assumeTrue(Files.exists(Path.of("/dev/loop-control")), () -> skip("no /dev/loop-control (loop module)"));
        assumeTrue(run(List.of("losetup", "--version")) != null, () -> skip("no losetup (util-linux)"));
    }

    private static String skip(String why) {
        String reason = "direct block-device I/O test skipped: " + why;
        System.out.println(reason);
        return reason;
    }

    /** Runs a command; its stdout, or null if it could not run or failed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        if (p.exitValue() != 0) {
            System.out.println(String.join(" ", command) + ": rc " + p.exitValue() + ": " + out.strip());
            return null;
        }
        return out;
    }
}

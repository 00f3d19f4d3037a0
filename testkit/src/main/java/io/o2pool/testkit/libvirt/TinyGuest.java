package io.o2pool.testkit.libvirt;

import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's tiny TCG test guest ({@code scripts/build-tiny-guest.sh}): where its files are (built on first use
 * into the cache) and what it says — {@code GUEST-READY} once per boot and {@code TICK n up=…} every second on its
 * console, {@code TICK n …} on its virtio-serial channel {@code org.o2pool.tick}.
 */
public final class TinyGuest {
    private static final Pattern TICK = Pattern.compile("TICK (\\d+) up=([0-9.]+)");

    private TinyGuest() {
    }

    /** The folder with vmlinuz, initrd.img and disk-template.img, building it with the project's script if needed. */
    public static synchronized Path files() {
        Path script = projectRoot().resolve("scripts/build-tiny-guest.sh");
        ExecResult built = Programs.run(projectRoot(), List.of(script.toString()));
        if (built.exitCode() != 0) {
            throw new AssertionError("scripts/build-tiny-guest.sh failed (run scripts/install-test-deps.sh): " + built);
        }
        String home = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        return Path.of(home, "o2pool", "tiny-guest");
    }

    /** The repository checkout this test runs in (the folder with {@code scripts/build-tiny-guest.sh}). */
    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/build-tiny-guest.sh"))) {
                return p;
            }
        }
        throw new AssertionError("no scripts/build-tiny-guest.sh above " + Path.of("").toAbsolutePath());
    }

    /** How many times the guest booted in this console log (GUEST-READY lines). */
    public static long boots(Path consoleLog) {
        return lines(consoleLog).stream().filter(l -> l.startsWith("GUEST-READY")).count();
    }

    /** The last tick the console shows, 0 before the first. */
    public static long lastTick(Path consoleLog) {
        long last = 0;
        for (String line : lines(consoleLog)) {
            Matcher m = TICK.matcher(line);
            if (m.find()) {
                last = Long.parseLong(m.group(1));
            }
        }
        return last;
    }

    /** The console's lines (empty before the guest printed). */
    public static List<String> lines(Path consoleLog) {
        try {
            return Files.exists(consoleLog) ? Files.readAllLines(consoleLog, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asks the guest for its tick over the channel socket {@code channel} (the unix socket libvirt made for
     * {@code org.o2pool.tick}, see {@code virsh dumpxml}); the guest reopens its port within a second of a connect,
     * so this sends up to four pings. Returns the tick.
     */
    public static long askTick(Path channel) throws IOException {
        try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.connect(UnixDomainSocketAddress.of(channel));
            s.configureBlocking(false);
            StringBuilder got = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(256);
            for (int attempt = 0; attempt < 8; attempt++) {
                s.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.US_ASCII)));
                long until = System.nanoTime() + 600_000_000L;
                while (System.nanoTime() < until) {
                    buf.clear();
                    int n = s.read(buf);
                    if (n > 0) {
                        got.append(new String(buf.array(), 0, n, StandardCharsets.US_ASCII));
                        Matcher m = TICK.matcher(got);
                        if (got.indexOf("\n") >= 0 && m.find()) {
                            return Long.parseLong(m.group(1));
                        }
                    }
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
            throw new IOException("the guest did not answer on " + channel + " (got '" + got + "')");
        }
    }
}

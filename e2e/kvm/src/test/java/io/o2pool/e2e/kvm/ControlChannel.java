package io.o2pool.e2e.kvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The host end of one guest's control channel: QEMU's Unix socket for the guest's virtio-serial port {@code ctl}.
 * Runs a shell script in the guest and returns its exit code and output ({@link ControlFrames} is the framing). One
 * command at a time per guest (the guest serves them in turn); thread-safe.
 */
final class ControlChannel implements AutoCloseable {
    /** Extra time the host waits beyond the guest's own timeout, for the answer to travel. */
    private static final Duration GRACE = Duration.ofSeconds(15);
    private final Path socket;
    private final String guest;
    private SocketChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long nextId = 1;

    ControlChannel(Path socket, String guest) {
        this.socket = socket;
        this.guest = guest;
    }

    /** The result of one command in the guest. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code script} with {@code sh} in the guest; the guest kills it after {@code timeout} (exit 124). */
    synchronized Result run(String script, Duration timeout) {
        long id = nextId++;
        try {
            SocketChannel ch = connected();
            ByteBuffer out = ByteBuffer.wrap(ControlFrames.request(id, script, timeout).getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
            while (true) {
                Optional<String> line = nextLine(ch, deadline);
                if (line.isEmpty()) {
                    close();
                    throw new IllegalStateException(guest + ": no answer within " + timeout.plus(GRACE).toSeconds()
                            + " s to: " + abbreviate(script));
                }
                Optional<ControlFrames.Answer> answer = ControlFrames.parse(line.get());
                if (answer.isPresent() && answer.get().id() == id) {
                    return new Result(answer.get().exitCode(), answer.get().output());
                }
                // an answer to a request given up on earlier, or noise from before we connected: skip it
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(guest + ": control channel " + socket + " failed on: " + abbreviate(script), e);
        }
    }

    private SocketChannel connected() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            pending.reset();
        }
        return channel;
    }

    /** The next full line, or empty at the deadline. */
    private Optional<String> nextLine(SocketChannel ch, long deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (Selector selector = Selector.open()) {
            ch.register(selector, SelectionKey.OP_READ);
            while (true) {
                Optional<String> line = takeLine();
                if (line.isPresent()) {
                    return line;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                buffer.clear();
                int n = ch.read(buffer);
                if (n < 0) {
                    throw new IOException("QEMU closed the control socket (guest gone?)");
                }
                pending.write(buffer.array(), 0, n);
            }
        }
    }

    private Optional<String> takeLine() {
        byte[] bytes = pending.toByteArray();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, 0, i, StandardCharsets.US_ASCII);
                pending.reset();
                pending.write(bytes, i + 1, bytes.length - i - 1);
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String script) {
        String one = script.replace('\n', ' ').strip();
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket QEMU already dropped
            }
            channel = null;
        }
    }
}

package io.o2pool.e2e.kvm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The line framing of the guest's control channel (the virtio-serial port {@code ctl} that the guest's
 * {@code /init} serves): one request line {@code REQ <id> <timeout seconds> <base64 sh script>} and one answer line
 * {@code RES <id> <exit code> <base64 output>}. Base64 keeps every frame one line whatever the script or its output
 * hold; the id lets the host skip an answer to an earlier request it gave up on. Pure; no I/O.
 */
final class ControlFrames {
    private ControlFrames() {
    }

    /** The answer to one request: the script's exit code (124 when the guest's timeout killed it) and its output. */
    record Answer(long id, int exitCode, String output) {
    }

    /** The request line, newline included. */
    static String request(long id, String script, Duration timeout) {
        if (id < 0) {
            throw new IllegalArgumentException("request id " + id + " must not be negative");
        }
        long seconds = Math.max(1, timeout.toSeconds());
        return "REQ " + id + " " + seconds + " "
                + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    /**
     * Parses one line from the guest: an answer, or empty for anything else (the guest's port may carry a partial
     * line from before the host connected).
     */
    static Optional<Answer> parse(String line) {
        String[] parts = line.strip().split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("RES") || !parts[1].matches("\\d{1,18}")
                || !parts[2].matches("\\d{1,3}")) {
            return Optional.empty();
        }
        String body = parts.length == 4 ? parts[3].strip() : "";
        try {
            String output = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            return Optional.of(new Answer(Long.parseLong(parts[1]), Integer.parseInt(parts[2]), output));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}

package io.o2pool.agent.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.config.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the enrolment in {@code STATE/enrolment.json} (mode 0600). Read again whenever the file changes, so
 * {@code o2pool agent reset-enrolment} on the host takes effect without a restart. Thread-safe.
 */
public final class EnrolmentStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private FileTime readAt;
    private Optional<Enrolment> cached = Optional.empty();

    public EnrolmentStore(Path stateDir) {
        this.file = stateDir.resolve("enrolment.json");
    }

    public Path file() {
        return file;
    }

    /** The current enrolment, if the agent is enrolled. */
    public synchronized Optional<Enrolment> current() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            readAt = null;
            cached = Optional.empty();
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!modified.equals(readAt)) {
            cached = Optional.of(parse());
            readAt = modified;
        }
        return cached;
    }

    private Enrolment parse() {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            String fingerprint = n.path("manager_fingerprint").asText("");
            if (fingerprint.isEmpty()) {
                throw new IllegalStateException(file + " names no manager_fingerprint; remove it with `o2pool agent"
                        + " reset-enrolment` and add the server again");
            }
            return new Enrolment(fingerprint, Instant.parse(n.path("enrolled_at").asText()));
        } catch (IOException | java.time.DateTimeException e) {
            throw new IllegalStateException(file + " is not a valid enrolment (" + e.getMessage() + "); remove it"
                    + " with `o2pool agent reset-enrolment` and add the server again", e);
        }
    }

    /** Records the manager's certificate fingerprint (atomically, 0600). */
    public synchronized Enrolment enrol(String managerFingerprint, Instant now) {
        var node = JSON.createObjectNode().put("manager_fingerprint", managerFingerprint)
                .put("enrolled_at", now.toString());
        try {
            AtomicFiles.write(file, (node.toString() + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        readAt = null;
        return current().orElseThrow();
    }

    /** Forgets the enrolment; returns the one removed, if any. */
    public synchronized Optional<Enrolment> reset() throws IOException {
        Optional<Enrolment> was = current();
        Files.deleteIfExists(file);
        readAt = null;
        cached = Optional.empty();
        return was;
    }
}

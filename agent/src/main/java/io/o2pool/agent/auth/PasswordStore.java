package io.o2pool.agent.auth;

import io.o2pool.agent.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent password's salted hash in {@code STATE/agent-password.hash} (mode 0600): set from the install-time
 * password file, then read at every start, so the plain password need not stay on disk.
 */
public final class PasswordStore {
    private static final Logger log = LoggerFactory.getLogger(PasswordStore.class);
    /** Shortest password accepted at install; the manager stores it to talk to the agent, so length costs nothing. */
    public static final int MIN_LENGTH = 8;

    private final Path hashFile;
    private final int iterations;

    public PasswordStore(Path stateDir, int iterations) {
        this.hashFile = stateDir.resolve("agent-password.hash");
        this.iterations = iterations;
    }

    public Path hashFile() {
        return hashFile;
    }

    private java.nio.file.attribute.FileTime currentAt;
    private PasswordHash current;

    /**
     * The stored hash as it is now: read again whenever the file changes, so a new password set on the host
     * ({@code o2pool agent reset-enrolment --password-file FILE}) is accepted without a restart.
     */
    public synchronized PasswordHash current() {
        try {
            var modified = Files.getLastModifiedTime(hashFile);
            if (current == null || !modified.equals(currentAt)) {
                current = PasswordHash.parse(Files.readString(hashFile, StandardCharsets.UTF_8));
                currentAt = modified;
            }
            return current;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the agent password hash " + hashFile, e);
        }
    }

    /**
     * Returns the hash to check requests against: the password file's password when one is given (re-hashed and stored
     * only when it differs from the stored one), else the stored hash; fails with the fix when there is neither.
     */
    public PasswordHash load(Path passwordFile) throws IOException {
        if (passwordFile != null) {
            String password = readPasswordFile(passwordFile);
            if (Files.exists(hashFile)) {
                PasswordHash stored = PasswordHash.parse(Files.readString(hashFile, StandardCharsets.UTF_8));
                boolean same = stored.matches(password);
                if (same && stored.iterations() == iterations) {
                    return stored;
                }
                log.info(same ? "re-hashing the agent password with {} PBKDF2 iterations in {}"
                        : "agent password changed from {}; storing its new hash in {}",
                        same ? iterations : passwordFile, hashFile);
            }
            PasswordHash hash = PasswordHash.create(password.toCharArray(), iterations, new SecureRandom());
            AtomicFiles.write(hashFile, (hash.format() + "\n").getBytes(StandardCharsets.UTF_8), true);
            return hash;
        }
        if (!Files.exists(hashFile)) {
            throw new IllegalStateException("no agent password is set: " + hashFile + " does not exist; "
                    + "start once with --password-file FILE (a file holding the password, at least " + MIN_LENGTH
                    + " characters)");
        }
        return PasswordHash.parse(Files.readString(hashFile, StandardCharsets.UTF_8));
    }

    /** Reads the first line of the password file; refuses an empty or short password with the fix. */
    public static String readPasswordFile(Path passwordFile) throws IOException {
        if (!Files.isReadable(passwordFile)) {
            throw new IllegalStateException("password file " + passwordFile + " is not readable; "
                    + "create it with the agent password on its first line (mode 0600)");
        }
        String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
        int newline = content.indexOf('\n');
        String password = (newline < 0 ? content : content.substring(0, newline)).replace("\r", "");
        if (password.length() < MIN_LENGTH) {
            throw new IllegalStateException("password in " + passwordFile + " is " + password.length()
                    + " characters; use at least " + MIN_LENGTH);
        }
        return password;
    }
}

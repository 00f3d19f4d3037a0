package io.o2pool.agent.preflight;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.HostsFixAnswer;
import io.o2pool.agent.config.AtomicFiles;
import io.o2pool.ocfs2.hosts.HostsFix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Fixes the node-name mapping in this server's hosts file on request ({@code POST /v1/hosts/fix}): a dry run answers
 * the file's SHA-256 with the text before and after ({@link HostsFix}); applying it needs that SHA-256 back, is refused
 * when the file changed since, and replaces the file atomically after keeping a copy beside it
 * ({@code hosts.o2pool-backup-<UTC time>}). Thread-safe.
 */
public final class HostsFixer {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private final Path hostsFile;
    private final Clock clock;

    public HostsFixer(Path hostsFile, Clock clock) {
        this.hostsFile = hostsFile;
        this.clock = clock;
    }

    public synchronized HostsFixAnswer fix(String nodeName, String address, String expectedSha256, boolean apply) {
        String before;
        try {
            before = Files.readString(hostsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hostsFile + ": " + e.getMessage(), e);
        }
        String sha = sha256(before);
        HostsFix.Result fixed;
        try {
            fixed = HostsFix.fix(before, nodeName, address);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("address", e.getMessage());
        }
        if (!apply) {
            return new HostsFixAnswer(hostsFile.toString(), sha, before, fixed.text(), fixed.changes(), false, null);
        }
        if (expectedSha256 == null || expectedSha256.isBlank()) {
            throw new InvalidInputException("expectedSha256", "give the sha256 of the dry run's answer: the fix is"
                    + " applied only to the file that was shown");
        }
        if (!expectedSha256.equalsIgnoreCase(sha)) {
            throw new ConflictException(hostsFile + " changed since the fix was shown (sha256 " + sha + ", not "
                    + expectedSha256 + "); review the fix again");
        }
        if (!fixed.changed()) {
            return new HostsFixAnswer(hostsFile.toString(), sha, before, before, fixed.changes(), false, null);
        }
        Path backup = hostsFile.resolveSibling(hostsFile.getFileName() + ".o2pool-backup-"
                + STAMP.format(clock.instant()));
        try {
            AtomicFiles.write(backup, before.getBytes(StandardCharsets.UTF_8), false);
            AtomicFiles.write(hostsFile, fixed.text().getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hostsFile + ": " + e.getMessage(), e);
        }
        return new HostsFixAnswer(hostsFile.toString(), sha, before, fixed.text(), fixed.changes(), true,
                backup.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

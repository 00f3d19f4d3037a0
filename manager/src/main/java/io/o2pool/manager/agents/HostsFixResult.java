package io.o2pool.manager.agents;

import java.util.List;

/**
 * A server's hosts-file fix as its agent answered it: the file, its SHA-256 before (give it back to apply), the text
 * before and after, the changes line by line (empty: nothing to fix), whether it was written, and the backup copy.
 */
public record HostsFixResult(String path, String sha256, String before, String after, List<String> changes,
                             boolean applied, String backup) {
    public HostsFixResult {
        changes = List.copyOf(changes);
    }
}

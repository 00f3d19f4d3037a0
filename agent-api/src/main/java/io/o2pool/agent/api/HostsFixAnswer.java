package io.o2pool.agent.api;

import java.util.List;

/**
 * Body of {@code POST /v1/hosts/fix}: the hosts file, its SHA-256 before the fix (give it back to apply), its text
 * before and after, what changed line by line (empty: nothing to fix), whether the fix was written, and the backup
 * copy of the previous file (null when nothing was written).
 */
public record HostsFixAnswer(String path, String sha256, String before, String after, List<String> changes,
                             boolean applied, String backup) {
    public HostsFixAnswer {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}

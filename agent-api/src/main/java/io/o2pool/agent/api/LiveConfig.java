package io.o2pool.agent.api;

import java.util.List;

/**
 * Body of {@code GET /v1/config/live}: the live generation as committed (null before the first commit) and the live
 * files exactly as they are on disk now, with their checksum; {@code drift} is true when the disk no longer matches
 * the committed checksum (someone edited the files by hand). The manager diffs these against the pool's generation.
 * {@code problems} says what keeps the files on disk from being used by the stack (a hand-edited value the o2cb rules
 * refuse, a cluster.conf that does not load), each naming the file, the line and the value, with the fix; the stack
 * refuses to start on them. Empty when they are usable or before the first commit.
 */
public record LiveConfig(GenerationRef live, String clusterConf, String o2cbDefaults, String diskChecksum,
        boolean drift, List<String> problems) {
    public LiveConfig {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}

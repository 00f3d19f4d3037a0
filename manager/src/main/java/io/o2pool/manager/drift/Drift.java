package io.o2pool.manager.drift;

import java.time.Instant;
import java.util.List;

/**
 * A pool member whose live configuration is not the pool's: behind or ahead of the pool's generation, or edited by
 * hand. The diff is {@code diff -u} from the pool's files to the member's.
 *
 * @param liveGeneration the member's committed generation, null when it never committed one
 * @param liveChecksum the checksum of the member's files on disk
 * @param handEdited whether the member's files differ from its own committed generation
 * @param problems what keeps the member's files from being used by its stack (its agent's words: file, line, value,
 *     fix); empty when they are usable
 */
public record Drift(long serverId, String serverName, Instant detectedAt, Long liveGeneration,
                   long expectedGeneration, String liveChecksum, String expectedChecksum, boolean handEdited,
                   String diff, List<String> problems) {
    public Drift {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }


    /** One line for events and notes. */
    public String summary() {
        String what = handEdited ? "its files were edited by hand"
                : liveGeneration == null ? "it has no committed configuration"
                : liveGeneration < expectedGeneration ? "it is behind"
                : liveGeneration > expectedGeneration ? "it is ahead" : "its files differ";
        return "server " + serverName + " runs config generation " + liveGeneration + " (checksum "
                + shortSum(liveChecksum) + "), the pool is at generation " + expectedGeneration + " (checksum "
                + shortSum(expectedChecksum) + "): " + what
                + (problems.isEmpty() ? "" : "; its stack cannot use them: " + String.join("; ", problems));
    }

    /** Whether {@code other} describes the same difference (ignoring when it was seen). */
    public boolean sameAs(Drift other) {
        return other != null && other.serverId == serverId && java.util.Objects.equals(other.liveGeneration,
                liveGeneration) && other.expectedGeneration == expectedGeneration
                && java.util.Objects.equals(other.liveChecksum, liveChecksum) && other.handEdited == handEdited
                && other.problems.equals(problems);
    }

    private static String shortSum(String sum) {
        return sum == null ? "none" : sum.substring(0, Math.min(12, sum.length()));
    }
}

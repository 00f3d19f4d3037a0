package io.o2pool.manager.agents;

/**
 * A server's live cluster configuration as its agent reads it from disk now.
 *
 * @param generation the committed live generation, null before the first commit
 * @param checksum the committed generation's checksum, null before the first commit
 * @param clusterConf cluster.conf as on disk (empty when absent)
 * @param o2cbDefaults the o2cb defaults file as on disk (empty when absent)
 * @param diskChecksum the checksum of the files on disk
 * @param handEdited whether the files on disk differ from the committed generation
 * @param problems what keeps the files on disk from being used by the stack, each naming file, line, value and fix
 */
public record LiveConfig(Long generation, String checksum, String clusterConf, String o2cbDefaults,
                         String diskChecksum, boolean handEdited, java.util.List<String> problems) {
    public LiveConfig {
        problems = problems == null ? java.util.List.of() : java.util.List.copyOf(problems);
    }
}

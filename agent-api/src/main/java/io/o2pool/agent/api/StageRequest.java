package io.o2pool.agent.api;

/**
 * Body of {@code POST /v1/config/stage}: one generation of the cluster configuration. {@code checksum} is optional;
 * when given it must equal {@link ConfigChecksum#of(String, String, String)} of the other fields.
 */
public record StageRequest(long generation, String poolId, String clusterConf, String o2cbDefaults, String checksum) {
    /** A request with its checksum computed. */
    public static StageRequest of(long generation, String poolId, String clusterConf, String o2cbDefaults) {
        return new StageRequest(generation, poolId, clusterConf, o2cbDefaults,
                ConfigChecksum.of(poolId, clusterConf, o2cbDefaults));
    }
}

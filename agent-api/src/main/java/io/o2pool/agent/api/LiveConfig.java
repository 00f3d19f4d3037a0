package io.o2pool.agent.api;

/**
 * Body of {@code GET /v1/config/live}: the live generation as committed (null before the first commit) and the live
 * files exactly as they are on disk now, with their checksum; {@code drift} is true when the disk no longer matches
 * the committed checksum (someone edited the files by hand). The manager diffs these against the pool's generation.
 */
public record LiveConfig(GenerationRef live, String clusterConf, String o2cbDefaults, String diskChecksum,
        boolean drift) {
}

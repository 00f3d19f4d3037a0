package io.o2pool.agent.api;

/**
 * Body of {@code GET /v1/config}: the live generation (null before the first commit), the staged one if any, the
 * previous one kept for rollback, and {@code drift} — true when the live files on disk no longer match the live
 * generation's checksum (someone edited them by hand); {@code diskChecksum} is what is on disk now.
 */
public record ConfigStatus(GenerationRef live, GenerationRef staged, GenerationRef previous, boolean drift,
        String diskChecksum) {
}

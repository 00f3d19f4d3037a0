package io.o2pool.agent.api;

/** Identifies one configuration generation: its number, checksum and pool id. Generation 0 means "none yet". */
public record GenerationRef(long generation, String checksum, String poolId) {
}

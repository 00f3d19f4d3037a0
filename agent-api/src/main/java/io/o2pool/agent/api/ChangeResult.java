package io.o2pool.agent.api;

/** Body answered by stage, commit and abort: the outcome, the generation concerned, and a note for people (e.g. why the stack was not told). */
public record ChangeResult(ChangeOutcome outcome, GenerationRef generation, String note) {
}

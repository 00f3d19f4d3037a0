package io.o2pool.agent.api;

/**
 * Body answered by stage, commit, abort and rollback: the outcome, the generation concerned, a note for people (e.g.
 * why the stack was not told), and — after a commit or rollback that changed the live generation — what the running
 * cluster stack did with it ({@code stack}; null when the stack was not told).
 */
public record ChangeResult(ChangeOutcome outcome, GenerationRef generation, String note, StackOutcome stack) {

    /** A result that did not involve the stack (stage, abort, or a repeated commit). */
    public ChangeResult(ChangeOutcome outcome, GenerationRef generation, String note) {
        this(outcome, generation, note, null);
    }
}

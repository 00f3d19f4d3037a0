package io.o2pool.agent.config;

import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a staged generation and then tells the running cluster stack about it — the last step of the change.
 * A stack that cannot take the change live does not undo the commit: the files are the truth and the note says
 * what the operator must do.
 */
public final class ConfigApplier {
    private static final Logger log = LoggerFactory.getLogger(ConfigApplier.class);
    private final ConfigStore store;
    private final StackDriver stack;
    private final Listener listener;

    /** Told of each change of pool membership this applier makes (the agent records them in the repository). */
    public interface Listener {
        /** Nobody is told. */
        Listener NONE = new Listener() {
            @Override
            public void committed(GenerationRef live, StackConfig config) {
            }

            @Override
            public void forgotten(GenerationRef forgotten, StackConfig config) {
            }
        };

        /** Generation {@code live} (whose configuration is {@code config}) was committed. */
        void committed(GenerationRef live, StackConfig config);

        /** The node left the pool whose live generation was {@code forgotten} ({@code config}: null if unreadable). */
        void forgotten(GenerationRef forgotten, StackConfig config);
    }

    public ConfigApplier(ConfigStore store, StackDriver stack) {
        this(store, stack, Listener.NONE);
    }

    public ConfigApplier(ConfigStore store, StackDriver stack, Listener listener) {
        this.store = store;
        this.stack = stack;
        this.listener = listener;
    }

    public ConfigStore store() {
        return store;
    }

    /** Commits {@code generation}; on a new commit, applies it to the stack and reports what the stack did. */
    public ChangeResult commit(long generation) {
        return tellStack(store.commit(generation), ChangeOutcome.COMMITTED);
    }

    /**
     * Leaves pool {@code poolId} ({@link ConfigStore#forget}); refused while the stack runs (stop it first: a node
     * must leave the cluster before it forgets it).
     */
    public ChangeResult forget(String poolId) {
        if (stack.state() != StackState.OFFLINE) {
            throw new ConflictException("the cluster stack of this node is " + stack.state() + "; take it offline"
                    + " (POST /v1/cluster/offline) before the node leaves pool " + poolId);
        }
        StackConfig config = store.committedStackConfig().orElse(null);
        ChangeResult result = store.forget(poolId);
        if (result.outcome() == ChangeOutcome.FORGOTTEN) {
            listener.forgotten(result.generation(), config);
        }
        return result;
    }

    /** Rolls back to the kept previous {@code generation} and applies it to the stack, as {@link #commit}. */
    public ChangeResult rollback(long generation) {
        return tellStack(store.rollback(generation), ChangeOutcome.ROLLED_BACK);
    }

    private ChangeResult tellStack(ChangeResult result, ChangeOutcome changed) {
        long generation = result.generation() == null ? 0 : result.generation().generation();
        if (result.outcome() != changed) {
            return result;
        }
        try {
            StackConfig live = liveConfig();
            if (changed == ChangeOutcome.COMMITTED) {
                listener.committed(result.generation(), live);
            }
            StackChange change = stack.apply(live);
            return new ChangeResult(result.outcome(), result.generation(), result.note() + "; " + change.message(),
                    change.outcome());
        } catch (RuntimeException e) {
            log.warn("generation {} is live but the {} stack did not take it: {}", generation, stack.name(), e.getMessage());
            return new ChangeResult(result.outcome(), result.generation(), result.note()
                    + "; the running " + stack.name() + " stack was not updated: " + e.getMessage(),
                    StackOutcome.NOT_APPLIED);
        }
    }

    /**
     * The live files as the stack sees them, parsed once per content (after a commit: the value validated when the
     * generation was staged).
     *
     * @throws io.o2pool.agent.ConflictException naming the file, line and value when the live files cannot be used
     */
    public StackConfig liveConfig() {
        return store.liveStackConfig();
    }

    /**
     * The configuration to take the stack offline with: the live files', or, when a hand edit keeps them from being
     * used, the committed generation's (going offline needs only the cluster's name, and must stay possible).
     */
    public StackConfig offlineConfig() {
        try {
            return store.liveStackConfig();
        } catch (io.o2pool.agent.ConflictException e) {
            return store.committedStackConfig().orElseThrow(() -> e);
        }
    }
}

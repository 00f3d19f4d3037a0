package io.o2pool.agent.config;

import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final ConfigFiles files;

    public ConfigApplier(ConfigStore store, StackDriver stack, ConfigFiles files) {
        this.store = store;
        this.stack = stack;
        this.files = files;
    }

    public ConfigStore store() {
        return store;
    }

    /** Commits {@code generation}; on a new commit, applies it to the stack and reports the stack's note. */
    public ChangeResult commit(long generation) {
        return tellStack(store.commit(generation), ChangeOutcome.COMMITTED);
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
            String note = stack.apply(liveConfig());
            return new ChangeResult(result.outcome(), result.generation(), result.note() + "; " + note);
        } catch (RuntimeException e) {
            log.warn("generation {} is live but the {} stack did not take it: {}", generation, stack.name(), e.getMessage());
            return new ChangeResult(result.outcome(), result.generation(), result.note()
                    + "; the running " + stack.name() + " stack was not updated: " + e.getMessage());
        }
    }

    /** The live files as the stack sees them. */
    public StackConfig liveConfig() {
        return StackConfig.from(read(files.clusterConf()), read(files.o2cbDefaults()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

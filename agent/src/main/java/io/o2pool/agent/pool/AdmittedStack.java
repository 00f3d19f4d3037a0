package io.o2pool.agent.pool;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.config.AtomicFiles;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.ForwardingStack;
import io.o2pool.agent.stack.StackDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The stack as the pool admits it. Going online is refused while {@link Admission} holds this node (the pool record in
 * the repository says the pool moved on without it, or removed it); the refusal names the generations and is kept in
 * the view ({@code hold}) until the node is admitted. It remembers whether the stack is wanted running
 * ({@code STATE/stack-wanted}: a stack taken offline through the API — maintenance, removal — stays offline across
 * agent restarts) and journals every start, change and stop ({@link StackJournal}). Everything else is the
 * delegate's.
 */
public final class AdmittedStack extends ForwardingStack {
    static final String WANTED_FILE = "stack-wanted";
    private final Supplier<GenerationRef> live;
    private final PoolRecords records;
    private final String nodeName;
    private final StackJournal journal;
    private final Path wantedFile;
    private volatile String hold;

    /** {@code live} gives the live generation (null before the first commit). */
    public AdmittedStack(StackDriver delegate, Supplier<GenerationRef> live, PoolRecords records, String nodeName,
                         StackJournal journal, Path stateDir) {
        super(delegate);
        this.live = live;
        this.records = records;
        this.nodeName = nodeName;
        this.journal = journal;
        this.wantedFile = stateDir.resolve(WANTED_FILE);
    }

    /** What the pool record says of starting on {@code config} now. */
    public Admission admission(StackConfig config) {
        return Admission.judge(nodeName, live.get(), records.newest(config.clusterName()));
    }

    /** Whether the stack was last wanted running (true when never told: the o2cb defaults decide at boot). */
    public boolean wantedOnline() {
        try {
            return !Files.exists(wantedFile) || Files.readString(wantedFile, StandardCharsets.UTF_8).strip()
                    .equals("online");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wantedFile, e);
        }
    }

    @Override
    public StackChange online(StackConfig config) {
        Admission admission = admission(config);
        if (!admission.admitted()) {
            hold = admission.reason();
            journal.append(StackJournal.Event.HELD, config, generation(), admission.reason());
            throw new ConflictException("the cluster stack of " + nodeName + " is held: " + admission.reason());
        }
        StackChange change = delegate().online(config);
        hold = null;
        want("online");
        journal.append(StackJournal.Event.ONLINE, config, generation(), change.outcome() + ": " + change.message());
        return change;
    }

    @Override
    public StackChange offline(StackConfig config) {
        StackChange change = delegate().offline(config);
        want("offline");
        journal.append(StackJournal.Event.OFFLINE, config, generation(), change.outcome() + ": " + change.message());
        return change;
    }

    @Override
    public StackChange apply(StackConfig config) {
        StackChange change = delegate().apply(config);
        if (delegate().state() != StackState.OFFLINE) {
            journal.append(StackJournal.Event.APPLY, config, generation(), change.outcome() + ": "
                    + change.message());
        }
        return change;
    }

    /** Records that this node left its pool: the stack is not wanted, nothing holds it any more. */
    public void forgotten(StackConfig config, long generation) {
        want("offline");
        hold = null;
        journal.append(StackJournal.Event.FORGOT, config, generation, "the pool's configuration was removed");
    }

    @Override
    public ClusterView view() {
        ClusterView view = delegate().view();
        String reason = hold;
        return reason != null && view.state() == StackState.OFFLINE ? view.held(reason) : view;
    }

    private long generation() {
        GenerationRef ref = live.get();
        return ref == null ? 0 : ref.generation();
    }

    private void want(String state) {
        try {
            AtomicFiles.write(wantedFile, (state + "\n").getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the wanted stack state in " + wantedFile, e);
        }
    }
}

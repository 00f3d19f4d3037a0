package io.o2pool.agent.stack;

import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.StackState;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One node's cluster stack behind one interface, so the agent drives the kernel's o2cb (through ocfs2-tools) and
 * o2pool's userspace stack alike. Implementations are thread-safe; {@link #view()} is cheap enough to call per request.
 */
public interface StackDriver extends AutoCloseable {
    /** {@code kernel} or {@code userspace}. */
    String name();

    /** The current state and membership view. */
    ClusterView view();

    /** Shorthand for {@code view().state()}. */
    default StackState state() {
        return view().state();
    }

    /** Calls {@code listener} with each new view until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<ClusterView> listener);

    /** Calls {@code listener} with each membership event (node-up, connected, ...) until the handle is closed. */
    default AutoCloseable subscribeEvents(Consumer<ClusterEvent> listener) {
        return () -> { };
    }

    /**
     * Brings the cluster online with {@code config} (registers it, sets the timeouts); idempotent:
     * {@link io.o2pool.agent.api.StackOutcome#STARTED} or {@code ALREADY_ONLINE}.
     */
    StackChange online(StackConfig config);

    /**
     * Takes the cluster offline; refused while heartbeating (unmount the repository first). Idempotent:
     * {@link io.o2pool.agent.api.StackOutcome#STOPPED} or {@code ALREADY_OFFLINE}.
     */
    StackChange offline(StackConfig config);

    /**
     * Tells a running stack about a newly committed configuration (new nodes, timeouts while no peer is connected);
     * does nothing when offline. The outcome says what happened ({@code NODES_ADDED}, {@code DEFERRED},
     * {@code APPLIES_WHEN_ONLINE}, ...), the message what for people (e.g. what could not be applied live).
     */
    StackChange apply(StackConfig config);

    /**
     * A shared directory repository was attached at {@code directory}: a stack that keeps its heartbeat region in
     * the repository (userspace) starts heartbeating there once online. Returns a note; the kernel stack heartbeats
     * on OCFS2 mounts instead and ignores it.
     */
    default String repositoryAttached(Path directory) {
        return "";
    }

    /**
     * The directory repository at {@code directory} is being detached: a stack heartbeating there stops cleanly (as
     * the kernel's local heartbeat stops when its volume is unmounted) and stays online, then it forgets the
     * directory. Returns a note; the kernel stack ignores it.
     */
    default String repositoryDetached(Path directory) {
        return "";
    }

    /**
     * The fence records of node {@code node} (this node, or a peer whose records share the repository), newest first,
     * at most {@code limit}. The kernel stack keeps none: a kernel node that fences itself resets at once
     * ({@code o2quo_fence_self} → {@code emergency_restart}) and leaves only its console log.
     */
    default FenceRecords fenceRecords(String node, int limit) {
        return new FenceRecords(name(), node, null, "the " + name() + " stack writes no fence records: a node it "
                + "fences resets at once (the kernel's emergency restart) and leaves only its console log", List.of());
    }

    /**
     * The heartbeat health of this server's node ({@code GET /v1/health}): its own writes, its peers, warnings before a
     * fence. By default none: the driver cannot tell.
     */
    default io.o2pool.agent.api.HeartbeatReport health() {
        return io.o2pool.agent.api.HeartbeatReport.unknown(name(), null, null, "the " + name()
                + " stack reports no heartbeat health");
    }

    /** Stops what the driver runs in this process (the userspace node, cleanly); the kernel's stack stays up. */
    @Override
    default void close() {
    }
}

package io.o2pool.agent.stack;

import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.StackState;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A {@link StackDriver} that hands every call to another one: the base of the decorators that add one concern to the
 * stack (closing probe listeners before it binds its port, the pool's admission and journal), each overriding only
 * the calls its concern touches.
 */
public abstract class ForwardingStack implements StackDriver {
    private final StackDriver delegate;

    protected ForwardingStack(StackDriver delegate) {
        this.delegate = delegate;
    }

    /** The wrapped driver. */
    public StackDriver delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ClusterView view() {
        return delegate.view();
    }

    @Override
    public StackState state() {
        return delegate.state();
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterView> listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public AutoCloseable subscribeEvents(Consumer<ClusterEvent> listener) {
        return delegate.subscribeEvents(listener);
    }

    @Override
    public StackChange online(StackConfig config) {
        return delegate.online(config);
    }

    @Override
    public StackChange offline(StackConfig config) {
        return delegate.offline(config);
    }

    @Override
    public StackChange apply(StackConfig config) {
        return delegate.apply(config);
    }

    @Override
    public String repositoryAttached(Path directory) {
        return delegate.repositoryAttached(directory);
    }

    @Override
    public String repositoryDetached(Path directory) {
        return delegate.repositoryDetached(directory);
    }

    @Override
    public FenceRecords fenceRecords(String node, int limit) {
        return delegate.fenceRecords(node, limit);
    }

    @Override
    public io.o2pool.agent.api.HeartbeatReport health() {
        return delegate.health();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package io.o2pool.agent.preflight;

import io.o2pool.agent.api.ClusterEvent;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A {@link StackDriver} that closes this node's probe listener ({@code POST /v1/probe/listen}) on its own
 * {@code ip_port} before the stack may bind it: before going online, and before a commit or a repository attach
 * reaches a running stack (either can start the userspace node). Everything else is delegated. Thread-safe.
 */
public final class ProbeYieldingStack implements StackDriver {
    private final StackDriver delegate;
    private final ProbeListeners probes;
    private final String nodeName;
    private volatile StackConfig last;

    public ProbeYieldingStack(StackDriver delegate, ProbeListeners probes, String nodeName) {
        this.delegate = delegate;
        this.probes = probes;
        this.nodeName = nodeName;
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
        last = config;
        release(config);
        return delegate.online(config);
    }

    @Override
    public StackChange offline(StackConfig config) {
        return delegate.offline(config);
    }

    @Override
    public StackChange apply(StackConfig config) {
        last = config;
        if (delegate.state() != StackState.OFFLINE) {
            release(config);
        }
        return delegate.apply(config);
    }

    @Override
    public String repositoryAttached(Path directory) {
        StackConfig config = last;
        if (config != null && delegate.state() != StackState.OFFLINE) {
            release(config);
        }
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
    public void close() {
        delegate.close();
    }

    private void release(StackConfig config) {
        config.node(nodeName).ifPresent(node -> {
            try {
                probes.release(InetAddress.getByName(node.ipAddress()), node.ipPort()); // a literal: no lookup
            } catch (UnknownHostException e) {
                // not an address literal: no probe listener can hold it
            }
        });
    }
}

package io.o2pool.agent.preflight;

import io.o2pool.agent.api.StackState;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.ForwardingStack;
import io.o2pool.agent.stack.StackDriver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * A {@link StackDriver} that closes this node's probe listener ({@code POST /v1/probe/listen}) on its own
 * {@code ip_port} before the stack may bind it: before going online, and before a commit or a repository attach
 * reaches a running stack (either can start the userspace node). Everything else is delegated. Thread-safe.
 */
public final class ProbeYieldingStack extends ForwardingStack {
    private final ProbeListeners probes;
    private final String nodeName;
    private volatile StackConfig last;

    public ProbeYieldingStack(StackDriver delegate, ProbeListeners probes, String nodeName) {
        super(delegate);
        this.probes = probes;
        this.nodeName = nodeName;
    }

    @Override
    public StackChange online(StackConfig config) {
        last = config;
        release(config);
        return delegate().online(config);
    }

    @Override
    public StackChange apply(StackConfig config) {
        last = config;
        if (delegate().state() != StackState.OFFLINE) {
            release(config);
        }
        return delegate().apply(config);
    }

    @Override
    public String repositoryAttached(Path directory) {
        StackConfig config = last;
        if (config != null && delegate().state() != StackState.OFFLINE) {
            release(config);
        }
        return delegate().repositoryAttached(directory);
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

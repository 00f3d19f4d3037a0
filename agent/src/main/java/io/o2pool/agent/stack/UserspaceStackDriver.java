package io.o2pool.agent.stack;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackState;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * o2pool's userspace O2CB stack (the {@code cluster} module) as a {@link StackDriver}. Until the {@code cluster}
 * module's node API is available this driver only holds the registered configuration (OFFLINE/ONLINE with the
 * configured members, none reported alive); heartbeating, membership changes and FENCED come from the cluster
 * node once it is wired in through {@link #publish(ClusterView)}. Thread-safe.
 */
public final class UserspaceStackDriver implements StackDriver {
    private final String nodeName;
    private final Clock clock;
    private final StackEvents events = new StackEvents();
    private StackConfig config;
    private StackState state = StackState.OFFLINE;

    public UserspaceStackDriver(String nodeName, Clock clock) {
        this.nodeName = nodeName;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "userspace";
    }

    @Override
    public synchronized ClusterView view() {
        if (config == null || state == StackState.OFFLINE) {
            return new ClusterView(name(), state, config == null ? null : config.clusterName(), List.of(), clock.instant());
        }
        List<Member> members = config.nodes().stream().map(n -> new Member(n.number(), n.name(), n.ipAddress(),
                n.ipPort(), isLocal(n.name()), false, false)).toList();
        return new ClusterView(name(), state, config.clusterName(), members, clock.instant());
    }

    @Override
    public AutoCloseable subscribe(Consumer<ClusterView> listener) {
        return events.subscribe(listener);
    }

    @Override
    public void online(StackConfig newConfig) {
        synchronized (this) {
            if (state != StackState.OFFLINE && config != null && !config.clusterName().equals(newConfig.clusterName())) {
                throw new ConflictException("cluster '" + config.clusterName() + "' is online, not '"
                        + newConfig.clusterName() + "'; take it offline first");
            }
            config = newConfig;
            if (state == StackState.OFFLINE) {
                state = StackState.ONLINE;
            }
        }
        events.publish(view());
    }

    @Override
    public void offline(StackConfig ignored) {
        synchronized (this) {
            if (state == StackState.HEARTBEATING) {
                throw new ConflictException("the userspace stack is heartbeating; detach the repository first");
            }
            state = StackState.OFFLINE;
        }
        events.publish(view());
    }

    @Override
    public String apply(StackConfig newConfig) {
        synchronized (this) {
            if (state == StackState.OFFLINE) {
                config = newConfig;
                return "the userspace stack is OFFLINE; the configuration takes effect when it goes online";
            }
            config = newConfig;
        }
        events.publish(view());
        return "the userspace stack now has " + newConfig.nodes().size() + " configured nodes";
    }

    /** Entry point for the cluster node's membership events once the {@code cluster} module is wired in. */
    public void publish(ClusterView view) {
        synchronized (this) {
            state = view.state();
        }
        events.publish(view);
    }

    private boolean isLocal(String name) {
        String shortName = nodeName.split("\\.")[0];
        return name.toLowerCase(Locale.ROOT).equals(shortName.toLowerCase(Locale.ROOT));
    }
}

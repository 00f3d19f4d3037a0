package io.o2pool.agent.stack;

import io.o2pool.agent.api.ClusterView;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans membership views out to subscribers (the SSE streams), publishing only when the view changed apart from its
 * timestamp. A failing subscriber is logged and dropped, never allowed to stop the others. Thread-safe.
 */
public final class StackEvents {
    private static final Logger log = LoggerFactory.getLogger(StackEvents.class);
    private final CopyOnWriteArrayList<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private volatile ClusterView last;

    /** Registers {@code listener}; closing the handle removes it. */
    public AutoCloseable subscribe(Consumer<ClusterView> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Publishes {@code view} if its state, cluster or members differ from the last one published. */
    public void publish(ClusterView view) {
        ClusterView previous = last;
        if (previous != null && previous.state() == view.state()
                && Objects.equals(previous.clusterName(), view.clusterName())
                && previous.members().equals(view.members())) {
            return;
        }
        last = view;
        for (Consumer<ClusterView> listener : listeners) {
            try {
                listener.accept(view);
            } catch (RuntimeException e) {
                log.warn("dropping a membership subscriber that failed: {}", e.toString());
                listeners.remove(listener);
            }
        }
    }

    public int subscribers() {
        return listeners.size();
    }
}

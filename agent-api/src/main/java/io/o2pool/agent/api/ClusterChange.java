package io.o2pool.agent.api;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/cluster/online} and {@code /offline}: what the stack did ({@code outcome}, and a
 * {@code message} for people), then the view after it — the fields of {@link ClusterView}, so a client reading the
 * answer as a view still can.
 */
public record ClusterChange(StackOutcome outcome, String message, String driver, StackState state, String clusterName,
        List<Member> members, Instant at) {
    public ClusterChange {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** {@code outcome} and {@code message} with {@code view}. */
    public static ClusterChange of(StackOutcome outcome, String message, ClusterView view) {
        return new ClusterChange(outcome, message, view.driver(), view.state(), view.clusterName(), view.members(),
                view.at());
    }

    /** The view after the change. */
    public ClusterView view() {
        return new ClusterView(driver, state, clusterName, members, at);
    }
}

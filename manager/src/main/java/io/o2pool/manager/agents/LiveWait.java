package io.o2pool.manager.agents;

import io.o2pool.manager.jobs.JobContext;
import io.o2pool.manager.jobs.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Waits until every agent's stack vouches for every expected node: live where the stack heartbeats, configured where
 * it heartbeats on no region (and so cannot prove liveness). Time comes from the job's clock and pacer only.
 */
public final class LiveWait {
    private LiveWait() {
    }

    /** Polls every agent's membership until all see {@code expected}, or fails the step after {@code timeout}. */
    public static void until(List<AgentGateway> agents, Set<Integer> expected, Duration timeout, Duration poll,
            JobContext ctx) throws StepFailedException, InterruptedException {
        Instant deadline = ctx.clock().instant().plus(timeout);
        while (true) {
            var views = FanOut.all(agents, AgentGateway::membership);
            List<String> missing = new ArrayList<>();
            List<String> unprovable = new ArrayList<>();
            for (var v : views) {
                if (!v.ok()) {
                    missing.add(v.server() + ": " + v.message());
                    continue;
                }
                Membership m = v.value();
                Set<Integer> absent = m.notVouchedFor(expected);
                if (!absent.isEmpty()) {
                    missing.add(v.server() + " (stack " + m.stack() + (m.settling() ? ", region not steady yet" : "")
                            + ") does not see node(s) " + absent + (m.provesLiveness() || m.settling() ? " live"
                            : " configured"));
                } else if (m.stack() != StackStatus.HEARTBEATING) {
                    unprovable.add(v.server());
                }
            }
            if (missing.isEmpty()) {
                ctx.note("every node sees nodes " + expected + (unprovable.isEmpty() ? " live"
                        : " (configured; " + unprovable + " heartbeat on no region, so their views list the nodes"
                        + " without liveness)"));
                return;
            }
            if (!ctx.clock().instant().isBefore(deadline)) {
                throw new StepFailedException("nodes not live after " + timeout.toSeconds() + " s: "
                        + String.join("; ", missing));
            }
            ctx.pacer().pause(poll);
        }
    }
}

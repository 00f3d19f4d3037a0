package io.o2pool.manager.status;

import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.agents.StackStatus;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides each member's status from every member's membership view and what the manager knows of its fences: a pure
 * function, so the rules read as data. Only the disk heartbeat decides death (o2hb: a node is dead once its slot has
 * not changed for the dead threshold); a lost o2net connection or an agent that does not answer is not death. The
 * observers of a node are the other members whose stacks heartbeat (their views prove liveness). In order:
 * <ol>
 *   <li>Its agent does not answer: <b>UNREACHABLE</b> while any observer sees its heartbeat live (it may be writing
 *       to the shared disk) or no observer can tell; <b>DEAD</b> once every observer's heartbeat has declared it dead,
 *       <b>FENCED</b> when the manager holds a fence record newer than its last live time.</li>
 *   <li>Its agent answers and its stack fenced itself: <b>FENCED</b>.</li>
 *   <li>Every observer declared it dead while its own stack is stopped: <b>DEAD</b> (FENCED with a newer record);
 *       while its own stack says it heartbeats: <b>ERROR</b> (its peers do not see its writes: another disk, or a
 *       storage path down) — never DEAD while it may write.</li>
 *   <li>Its stack is OFFLINE: <b>ERROR</b>; else <b>ACTIVE</b>.</li>
 * </ol>
 * A fence record no newer than the node's last live time is an old fence the node has recovered from. Servers in
 * MAINTENANCE, ADDING or REMOVING are not judged here (their jobs own them).
 */
public final class StatusDecider {
    private StatusDecider() {
    }

    /**
     * What the manager knows about one member's fences.
     *
     * @param latest   the newest fence record seen for the node, or null
     * @param lastLive when the manager last judged the node live, or null when not known (not since it started, and
     *                 the server was not ACTIVE then)
     */
    public record FenceFacts(FenceRecord latest, Instant lastLive) {
        /** No record known. */
        public static final FenceFacts NONE = new FenceFacts(null, null);

        /** Whether the node fenced itself after it was last live: a record newer than the last live time. */
        public boolean fencedSinceLive() {
            return latest != null && (lastLive == null || latest.time().isAfter(lastLive));
        }
    }

    /**
     * One verdict per member (by server id); {@code views} holds each member's view outcome in member order,
     * {@code fences} what is known of each member's fences by server id (absent: nothing); {@code now} dates a death.
     */
    public static Map<Long, StatusVerdict> decide(List<Server> members, List<FanOut.Outcome<Membership>> views,
                                                  Map<Long, FenceFacts> fences, Instant now) {
        if (members.size() != views.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + views.size() + " views");
        }
        Map<Long, StatusVerdict> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            Server s = members.get(i);
            verdicts.put(s.id(), verdict(i, members, views, fences.getOrDefault(s.id(), FenceFacts.NONE), now));
        }
        return verdicts;
    }

    /** Whether every observer's disk heartbeat has declared {@code self}'s node dead (and there is one at least). */
    public static boolean deadInEveryView(int self, List<Server> members, List<FanOut.Outcome<Membership>> views) {
        return !observers(self, members, views, false).isEmpty() && observers(self, members, views, true).isEmpty();
    }

    private static List<String> observers(int self, List<Server> members, List<FanOut.Outcome<Membership>> views,
                                          boolean live) {
        Server server = members.get(self);
        List<String> out = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            var v = views.get(j);
            if (j == self || !v.ok() || !v.value().provesLiveness()) {
                continue;
            }
            if (v.value().seesLive(server.nodeNumber()) == live) {
                out.add(members.get(j).name());
            }
        }
        return out;
    }

    private static StatusVerdict verdict(int self, List<Server> members, List<FanOut.Outcome<Membership>> views,
                                         FenceFacts fence, Instant now) {
        Server server = members.get(self);
        List<String> seeDead = observers(self, members, views, false);
        List<String> seeLive = observers(self, members, views, true);
        boolean deadToAll = !seeDead.isEmpty() && seeLive.isEmpty();
        var own = views.get(self);
        String node = "node " + server.nodeNumber() + " (" + server.nodeName() + ")";
        String deadReason = node + " is dead in the views of " + String.join(", ", seeDead) + " since " + now;
        if (!own.ok()) {
            String silent = "the agent of " + server.name() + " does not answer (" + own.message() + ")";
            if (deadToAll) {
                return dead(fence, deadReason + "; " + silent);
            }
            return new StatusVerdict(ServerStatus.UNREACHABLE, silent + (seeLive.isEmpty()
                    ? "; no heartbeating member can tell whether it still writes to the shared disk"
                    : "; its heartbeat is live in the views of " + String.join(", ", seeLive)
                    + ": it may still write to the shared disk"));
        }
        StackStatus stack = own.value().stack();
        if (stack == StackStatus.FENCED) {
            return new StatusVerdict(ServerStatus.FENCED, "the cluster stack of " + server.name()
                    + " fenced itself" + (fence.fencedSinceLive() ? ": " + fence.latest().summary() : "")
                    + (deadToAll ? "; " + deadReason : "") + "; restart it on the server");
        }
        if (deadToAll) {
            return switch (stack) {
                case HEARTBEATING -> new StatusVerdict(ServerStatus.ERROR, "the stack of " + server.name()
                        + " heartbeats but " + String.join(", ", seeDead) + " do not see its writes on the shared"
                        + " disk (another disk, or a storage path down?); it is not dead while it may write");
                case OFFLINE, ONLINE, FENCED -> dead(fence, deadReason + "; its stack is " + stack
                        + (own.value().hold() == null ? "" : " (held: " + own.value().hold() + ")"));
            };
        }
        return switch (stack) {
            case OFFLINE -> new StatusVerdict(ServerStatus.ERROR, "the cluster stack of " + server.name()
                    + " is OFFLINE; the node takes no part in the cluster");
            case ONLINE, HEARTBEATING, FENCED -> StatusVerdict.active();
        };
    }

    private static StatusVerdict dead(FenceFacts fence, String reason) {
        if (fence.fencedSinceLive()) {
            return new StatusVerdict(ServerStatus.FENCED, "fenced itself: " + fence.latest().summary() + "; "
                    + reason + "; restart its stack on the server");
        }
        return new StatusVerdict(ServerStatus.DEAD, reason);
    }
}

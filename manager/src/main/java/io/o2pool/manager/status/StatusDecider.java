package io.o2pool.manager.status;

import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.FenceRecord;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides each member's status from every member's membership view and what the manager knows of its fences: a pure
 * function, so the rules read as data. In order:
 * <ol>
 *   <li>A node that most of the heartbeating observers see dead is <b>FENCED</b> if it has a fence record newer than
 *       its last live time (it fenced itself after the manager last saw it live: its stack decided to leave, so the
 *       survivors' "dead" is the fence taking effect, and the record says why), otherwise <b>ERROR</b> (naming the
 *       observers) — even if its own agent answers.</li>
 *   <li>Otherwise a server whose agent does not answer is UNREACHABLE;</li>
 *   <li>one whose stack reports FENCED is FENCED (with the record's rule and reason when one newer than its last live
 *       time is known);</li>
 *   <li>one whose stack is OFFLINE is ERROR; else ACTIVE.</li>
 * </ol>
 * A fence record no newer than the node's last live time is an old fence the node has recovered from: a node dead
 * now without a new record (power loss, a crashed host, a kernel node that reset) is ERROR. Views that cannot prove
 * liveness (a stack heartbeating on no region) are no evidence either way.
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
     * {@code fences} what is known of each member's fences by server id (absent: nothing).
     */
    public static Map<Long, StatusVerdict> decide(List<Server> members, List<FanOut.Outcome<Membership>> views,
                                                  Map<Long, FenceFacts> fences) {
        if (members.size() != views.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + views.size() + " views");
        }
        Map<Long, StatusVerdict> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            Server s = members.get(i);
            verdicts.put(s.id(), verdict(i, members, views, fences.getOrDefault(s.id(), FenceFacts.NONE)));
        }
        return verdicts;
    }

    /** Whether most of the heartbeating members other than {@code self} see {@code self}'s node dead. */
    public static boolean deadInMostViews(int self, List<Server> members, List<FanOut.Outcome<Membership>> views) {
        return observers(self, members, views, false).size() > observers(self, members, views, true).size();
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
            if (v.value().liveNodes().contains(server.nodeNumber()) == live) {
                out.add(members.get(j).name());
            }
        }
        return out;
    }

    private static StatusVerdict verdict(int self, List<Server> members, List<FanOut.Outcome<Membership>> views,
                                         FenceFacts fence) {
        Server server = members.get(self);
        List<String> seeDead = observers(self, members, views, false);
        List<String> seeLive = observers(self, members, views, true);
        var own = views.get(self);
        String ownState = own.ok() ? "its stack is " + own.value().stack() : "its agent does not answer ("
                + own.message() + ")";
        String node = "node " + server.nodeNumber() + " (" + server.nodeName() + ")";
        if (seeDead.size() > seeLive.size()) {
            if (fence.fencedSinceLive()) {
                return new StatusVerdict(ServerStatus.FENCED, node + " fenced itself: " + fence.latest().summary()
                        + "; it is dead in the views of " + String.join(", ", seeDead) + "; " + ownState
                        + "; restart its stack on the server");
            }
            return new StatusVerdict(ServerStatus.ERROR, node + " is dead in the views of " + String.join(", ", seeDead)
                    + "; " + ownState);
        }
        if (!own.ok()) {
            return new StatusVerdict(ServerStatus.UNREACHABLE, "agent of " + server.name() + " does not answer: "
                    + own.message());
        }
        return switch (own.value().stack()) {
            case FENCED -> new StatusVerdict(ServerStatus.FENCED, "the cluster stack of " + server.name()
                    + " fenced itself" + (fence.fencedSinceLive() ? ": " + fence.latest().summary() : "")
                    + "; restart it on the server");
            case OFFLINE -> new StatusVerdict(ServerStatus.ERROR, "the cluster stack of " + server.name()
                    + " is OFFLINE; the node takes no part in the cluster");
            case ONLINE, HEARTBEATING -> StatusVerdict.active();
        };
    }
}

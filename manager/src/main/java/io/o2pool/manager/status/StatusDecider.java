package io.o2pool.manager.status;

import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Membership;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides each member's status from every member's membership view: a pure function, so the rules read as data.
 * A node that most of the heartbeating observers see dead is ERROR (naming them), even if its own agent answers;
 * otherwise a server whose stack fenced itself is FENCED, one whose stack is offline ERROR, one whose agent does not
 * answer UNREACHABLE; else ACTIVE. Views that cannot prove liveness (a stack heartbeating on no region) are no
 * evidence either way.
 */
public final class StatusDecider {
    private StatusDecider() {
    }

    /** One verdict per member (by server id); {@code views} holds each member's view outcome in member order. */
    public static Map<Long, StatusVerdict> decide(List<Server> members, List<FanOut.Outcome<Membership>> views) {
        if (members.size() != views.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + views.size() + " views");
        }
        Map<Long, StatusVerdict> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            verdicts.put(members.get(i).id(), verdict(i, members, views));
        }
        return verdicts;
    }

    private static StatusVerdict verdict(int self, List<Server> members, List<FanOut.Outcome<Membership>> views) {
        Server server = members.get(self);
        List<String> seeDead = new ArrayList<>();
        List<String> seeLive = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            var v = views.get(j);
            if (j == self || !v.ok() || !v.value().provesLiveness()) {
                continue;
            }
            (v.value().liveNodes().contains(server.nodeNumber()) ? seeLive : seeDead).add(members.get(j).name());
        }
        var own = views.get(self);
        String ownState = own.ok() ? "its stack is " + own.value().stack() : "its agent does not answer ("
                + own.message() + ")";
        if (seeDead.size() > seeLive.size()) {
            return new StatusVerdict(ServerStatus.ERROR, "node " + server.nodeNumber() + " (" + server.nodeName()
                    + ") is dead in the views of " + String.join(", ", seeDead) + "; " + ownState);
        }
        if (!own.ok()) {
            return new StatusVerdict(ServerStatus.UNREACHABLE, "agent of " + server.name() + " does not answer: "
                    + own.message());
        }
        return switch (own.value().stack()) {
            case FENCED -> new StatusVerdict(ServerStatus.FENCED, "the cluster stack of " + server.name()
                    + " fenced itself; restart it on the server");
            case OFFLINE -> new StatusVerdict(ServerStatus.ERROR, "the cluster stack of " + server.name()
                    + " is OFFLINE; the node takes no part in the cluster");
            case ONLINE, HEARTBEATING -> StatusVerdict.active();
        };
    }
}

package io.o2pool.manager.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes what to change on each server to reach a desired cluster: a pure function of the desired spec and what each
 * server runs now (Nomad's reconciler idea). The job engine executes the plan; the dry-run API shows it.
 */
public final class Planner {
    private Planner() {
    }

    /**
     * Plans generation {@code nextGeneration} of {@code desired}. A server in the desired cluster whose live text
     * already equals the rendered config is UNCHANGED; one with no config JOINs; any other is UPDATEd. An observed
     * server absent from the desired cluster LEAVEs. Changes are ordered: desired nodes by number, then leavers.
     */
    public static ConfigPlan plan(ClusterSpec desired, long nextGeneration, List<ObservedNode> observed) {
        String text = ClusterConfRenderer.render(desired);
        Map<String, ObservedNode> byServer = new LinkedHashMap<>();
        observed.forEach(o -> byServer.put(o.server(), o));
        List<NodeChange> changes = new ArrayList<>();
        for (NodeSpec node : desired.nodes()) {
            ObservedNode now = byServer.remove(node.server());
            String live = now == null ? "" : now.liveText();
            NodeChange.Kind kind;
            if (live.equals(text)) {
                kind = NodeChange.Kind.UNCHANGED;
            } else if (live.isEmpty()) {
                kind = NodeChange.Kind.JOIN;
            } else {
                kind = NodeChange.Kind.UPDATE;
            }
            changes.add(new NodeChange(node.server(), kind,
                    TextDiff.unified(live, text, node.server() + "/cluster.conf (live)",
                            node.server() + "/cluster.conf (generation " + nextGeneration + ")")));
        }
        for (ObservedNode leaving : byServer.values()) {
            changes.add(new NodeChange(leaving.server(), NodeChange.Kind.LEAVE, ""));
        }
        return new ConfigPlan(nextGeneration, text, sha256(text), changes);
    }

    /** SHA-256 of the text's UTF-8 bytes in lower-case hex, so a plan names the exact bytes it would write. */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

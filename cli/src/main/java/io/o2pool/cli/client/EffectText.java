package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One effect of a planned step in words, {@code who: what}: the server it acts on (or the servers of a wait, or
 * {@code manager} for the manager's own records) and what it does there. An effect this client does not know yet is
 * shown by its name and fields.
 */
final class EffectText {
    private static final Set<String> SHOWN = Set.of("effect", "server", "servers", "diff");

    private EffectText() {
    }

    static String describe(JsonNode e) {
        String effect = ClientCommand.text(e, "effect");
        return who(e) + ": " + switch (effect) {
            case "reserve_generation" -> "reserve config generation " + ClientCommand.text(e, "generation");
            case "assign_node" -> "assign node number " + ClientCommand.text(e, "number") + " (node name "
                    + ClientCommand.text(e, "node_name") + ", o2net address " + ClientCommand.text(e, "ip_address")
                    + ")";
            case "enrol" -> "enrol this manager's certificate with the agent (its password is then erased)";
            case "stage" -> ClientCommand.text(e, "diff").isBlank() ? "stage the pool's files (same as it runs now)"
                    : "stage the pool's new cluster.conf and o2cb defaults; diff from what it runs:";
            case "commit" -> "commit: the staged generation goes live" + (e.path("restorable").asBoolean(false)
                    ? " (an undo restores its previous files)" : " (a newcomer: an undo leaves its files inert)");
            case "record_generation" -> "record that the pool runs the new generation on "
                    + String.join(", ", strings(e.path("servers")));
            case "start_stack" -> "start the cluster stack";
            case "stop_stack" -> "stop the cluster stack";
            case "detach_repository" -> "detach (unmount) the pool's repository";
            case "convert_repository" -> "convert the repository to cluster mode with " + ClientCommand.text(e,
                    "slots") + " node slots";
            case "attach_repository" -> "attach (mount) the pool's repository";
            case "wait_live" -> "wait until each sees nodes " + String.join(", ", strings(e.path("nodes")))
                    + " live (at most " + e.path("bound_ms").asLong() / 1000 + " s)";
            case "forget_pool" -> "forget the pool (its agent drops the pool's live configuration)";
            case "define_vm" -> "write VM " + ClientCommand.text(e, "vm") + "'s definition to the repository";
            case "start_vm" -> "take VM " + ClientCommand.text(e, "vm") + "'s ownership lease and start it";
            case "stop_vm" -> "shut VM " + ClientCommand.text(e, "vm") + " down (forced off after "
                    + ClientCommand.text(e, "timeout_seconds") + " s) and release its lease";
            case "migrate_vm" -> "live-migrate VM " + ClientCommand.text(e, "vm") + " to " + ClientCommand.text(e,
                    "to") + " (its lease moves with it)";
            case "undefine_vm" -> "remove VM " + ClientCommand.text(e, "vm") + "'s definition";
            default -> effect.replace('_', ' ') + others(e);
        };
    }

    private static String who(JsonNode e) {
        if (!ClientCommand.text(e, "server").isEmpty()) {
            return ClientCommand.text(e, "server");
        }
        if (ClientCommand.text(e, "effect").equals("wait_live")) {
            return String.join(", ", strings(e.path("servers")).stream().distinct().toList());
        }
        return "manager";
    }

    private static String others(JsonNode e) {
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SHOWN.contains(f)) {
                fields.add(f + "=" + (e.get(f).isValueNode() ? e.get(f).asText() : e.get(f).toString()));
            }
        }
        return fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")";
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}

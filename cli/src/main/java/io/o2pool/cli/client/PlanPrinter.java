package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a plan of {@code POST /api/plan} for an operator: what changes and the generation, every finding with its
 * fix, every step and under it every effect on every server ({@code server: what}, a staged file's diff), the notes,
 * and whether the change can run or is refused.
 */
final class PlanPrinter {
    private static final String FINDING_INDENT = "          ";
    private static final String EFFECT_INDENT = "       ";
    private static final String DIFF_INDENT = "         ";
    private final PrintStream out;

    PlanPrinter(PrintStream out) {
        this.out = out;
    }

    /** Prints {@code plan}; {@code runHint} is the command that runs the change. */
    void print(JsonNode plan, String runHint) {
        header(plan);
        findings(plan.path("findings"));
        steps(plan.path("steps"));
        JsonNode notes = plan.path("notes");
        if (!notes.isEmpty()) {
            out.println("notes:");
            notes.forEach(n -> out.println("  - " + n.asText()));
        }
        if (plan.path("refused").asBoolean(false)) {
            long errors = 0;
            for (JsonNode f : plan.path("findings")) {
                errors += f.path("severity").asText().equals("ERROR") ? 1 : 0;
            }
            out.println("REFUSED: " + errors + (errors == 1 ? " error" : " errors")
                    + " above (fix them first); nothing was changed");
        } else if (plan.path("steps").isEmpty()) {
            out.println("nothing to do; nothing was changed");
        } else {
            int steps = plan.path("steps").size();
            out.println("can run: " + steps + (steps == 1 ? " step" : " steps") + "; nothing was changed. Run it: "
                    + runHint);
        }
    }

    private void header(JsonNode plan) {
        long generation = plan.path("generation").asLong();
        long previous = plan.path("previous_generation").asLong();
        out.println("plan " + ClientCommand.text(plan, "kind") + " in pool " + ClientCommand.text(plan, "pool") + ": "
                + (generation > 0 && generation != previous ? "config generation " + previous + " -> " + generation
                : "config stays at generation " + previous));
        List<String> changed = new ArrayList<>();
        JsonNode now = plan.path("previous_timeouts");
        JsonNode after = plan.path("timeouts");
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (now.has(f) && !now.get(f).equals(after.get(f))) {
                changed.add(f + " " + now.get(f).asText() + " -> " + after.get(f).asText());
            }
        }
        if (!changed.isEmpty()) {
            out.println("o2cb timeouts: " + String.join(", ", changed));
        }
    }

    private void findings(JsonNode findings) {
        if (findings.isEmpty()) {
            out.println("findings: none");
            return;
        }
        out.println("findings:");
        for (JsonNode f : findings) {
            String server = ClientCommand.text(f, "server");
            List<String> message = ClientCommand.text(f, "message").lines().toList();
            out.printf("  %-7s %s  %s%s%n", ClientCommand.text(f, "severity"), ClientCommand.text(f, "code"),
                    server.isEmpty() || server.equals("-") ? "" : server + ": ",
                    message.isEmpty() ? "" : message.getFirst());
            message.stream().skip(1).forEach(l -> out.println(FINDING_INDENT + l)); // e.g. a drifted member's diff
            if (!ClientCommand.text(f, "fix").isEmpty()) {
                out.println(FINDING_INDENT + "fix: " + ClientCommand.text(f, "fix"));
            }
        }
    }

    /** The diff with the server's name left out of its file headers, so that equal changes compare equal. */
    private static String withoutServer(String diff, String server) {
        return diff.lines().map(l -> l.startsWith("--- ") || l.startsWith("+++ ") ? l.replace(server, "*") : l)
                .collect(Collectors.joining("\n"));
    }

    private void steps(JsonNode steps) {
        if (steps.isEmpty()) {
            out.println("steps: none");
            return;
        }
        out.println("steps:");
        Map<String, String> diffs = new HashMap<>();
        int index = 0;
        for (JsonNode step : steps) {
            out.println("  " + ++index + ". " + ClientCommand.text(step, "step") + ": "
                    + ClientCommand.text(step, "description"));
            for (JsonNode effect : step.path("effects")) {
                out.println(EFFECT_INDENT + EffectText.describe(effect));
                String diff = ClientCommand.text(effect, "diff");
                if (!diff.isBlank()) {
                    String server = ClientCommand.text(effect, "server");
                    String same = diffs.putIfAbsent(withoutServer(diff, server), server);
                    if (same != null) {
                        out.println(DIFF_INDENT + "(the same diff as on " + same + ")");
                    } else {
                        diff.lines().forEach(l -> out.println(DIFF_INDENT + l));
                    }
                }
            }
        }
    }
}

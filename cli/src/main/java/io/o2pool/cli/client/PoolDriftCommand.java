package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool pool drift POOL}: the members whose live cluster.conf or o2cb defaults differ from the pool's
 * ({@code GET /api/pools/{id}/drift}), each with why and the diff; "in step" when none. The status monitor finds drift
 * and queues a Re-sync by itself once every member answers; {@code o2pool pool resync} queues one now.
 */
@Command(name = "drift", description = {"Show the members whose live cluster.conf or o2cb defaults differ from the",
    "pool's, with the diff (the status monitor looks every 10 s)."})
public final class PoolDriftCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
    String pool;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
        JsonNode p = Lookup.pool(api, pool);
        JsonNode drifts = api.get("/api/pools/" + p.path("id").asText() + "/drift");
        if (json) {
            printJson(drifts);
            return ExitCode.OK;
        }
        String name = p.path("name").asText();
        if (drifts.isEmpty()) {
            out.println("pool " + name + ": in step (every member runs the pool's files)");
            return ExitCode.OK;
        }
        out.println("pool " + name + ": " + drifts.size() + (drifts.size() == 1 ? " member differs" : " members differ")
                + " from the pool's files (fix: o2pool pool resync " + name + ")");
        for (JsonNode d : drifts) {
            out.println();
            out.println(text(d, "server_name") + ": " + why(d) + "; seen " + text(d, "detected_at"));
            out.println("  it runs generation " + (text(d, "live_generation").isEmpty() ? "none" : text(d,
                    "live_generation")) + " (checksum " + shortSum(text(d, "live_checksum")) + "); the pool's files"
                    + " are generation " + text(d, "expected_generation") + " (checksum "
                    + shortSum(text(d, "expected_checksum")) + ")");
            for (JsonNode problem : d.path("problems")) {
                out.println("  its stack cannot use them: " + problem.asText());
            }
            text(d, "diff").lines().forEach(l -> out.println("    " + l));
        }
        return ExitCode.OK;
    }

    /** Why the member differs, as the manager's drift summary says it. */
    private static String why(JsonNode d) {
        if (d.path("hand_edited").asBoolean(false)) {
            return "its files were edited by hand";
        }
        if (d.path("live_generation").isNull() || d.path("live_generation").isMissingNode()) {
            return "it has no committed configuration";
        }
        long live = d.path("live_generation").asLong();
        long expected = d.path("expected_generation").asLong();
        return live < expected ? "it is behind" : live > expected ? "it is ahead" : "its files differ";
    }

    private static String shortSum(String sum) {
        return sum.isEmpty() ? "none" : sum.substring(0, Math.min(12, sum.length()));
    }
}

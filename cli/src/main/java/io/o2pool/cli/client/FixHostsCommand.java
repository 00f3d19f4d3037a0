package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code o2pool server fix-hosts}: the fix Test Connection offers for a {@code hosts.*} finding. Shows the diff of the
 * server's hosts file (its node name mapped to its cluster address); with {@code --yes} the agent writes exactly the
 * file that was shown (refused when it changed meanwhile), keeping a backup beside it.
 */
@Command(name = "fix-hosts", description = "Fix the server's /etc/hosts so its node name maps to its cluster address:"
        + " shows the diff; --yes writes it (with a backup).")
public final class FixHostsCommand extends ServerCommand.AgentAccess {
    @Option(names = "--name", description = "Server Name (shown in messages; default: the host).")
    String name;
    @Option(names = "--cluster-address", description = "The node's o2net IPv4 address (default: what --host resolves"
            + " to).")
    String clusterAddress;
    @Option(names = "--yes", description = "Write the fix that is shown (default: only show it).")
    boolean yes;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
        ObjectNode body = accessBody();
        if (name != null) {
            body.put("name", name);
        }
        if (clusterAddress != null) {
            body.put("cluster_address", clusterAddress);
        }
        JsonNode shown = api.post("/api/servers/fix-hosts", body.deepCopy().put("apply", false));
        if (!yes || shown.path("changes").isEmpty()) {
            print(shown, false);
            return ExitCode.OK;
        }
        JsonNode written = api.post("/api/servers/fix-hosts", body.put("apply", true)
                .put("expected_sha256", text(shown, "sha256")));
        print(written, true);
        return ExitCode.OK;
    }

    private void print(JsonNode r, boolean writing) throws IOException {
        if (json) {
            printJson(r);
            return;
        }
        String where = text(r, "server") + ":" + text(r, "path");
        if (r.path("changes").isEmpty()) {
            out.println(where + " already maps " + text(r, "node_name") + " to " + text(r, "address")
                    + "; nothing to fix");
            return;
        }
        out.print(text(r, "diff"));
        r.path("changes").forEach(c -> out.println("  " + c.asText()));
        if (writing) {
            out.println(where + " fixed: " + text(r, "node_name") + " maps to " + text(r, "address")
                    + "; the previous file is " + text(r, "backup"));
        } else {
            out.println("nothing written; run again with --yes to write this fix (it is refused if " + where
                    + " changes meanwhile)");
        }
    }
}

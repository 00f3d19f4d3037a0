package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code o2pool server add-batch FILE | --host H ...}: adds several servers to one pool in one job and one config
 * generation ({@code POST /api/servers/batch}); optionally watches the job.
 */
@Command(name = "add-batch", description = {"Add several servers to a pool in one job and one config generation.",
    "The servers come from FILE, one 'HOST [NAME] [AGENT_PORT]' per line (# starts a",
    "comment), and/or from --host HOST[,NAME[,AGENT_PORT]]. The other options apply",
    "to every server.",
    "Example: o2pool server add-batch hosts.txt --pool pool1 --type vm \\",
    "           --agent-password-file agent.pw --wait"})
public final class AddBatchCommand extends ClientCommand {
    @Mixin
    BatchServers batch;
    @Option(names = "--wait", description = "Watch the job until it ends (exit 0 when every server is ACTIVE).")
    boolean wait;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException, UsageError {
        ObjectNode body = ManagerApi.json().createObjectNode().put("pool", batch.pool);
        body.set("servers", batch.entries(environment()));
        JsonNode job;
        try {
            job = api.post("/api/servers/batch", body);
        } catch (ApiFailure f) {
            throw batch.explain(f);
        }
        String jobId = job.path("id").asText();
        if (wait) {
            return new JobWatcher(api, out, json).watch(jobId);
        }
        if (json) {
            printJson(job);
        } else {
            List<String> names = batch.servers().stream().map(ServerSpec::name).toList();
            out.println(names.size() + (names.size() == 1 ? " server" : " servers") + " ADDING to pool " + batch.pool
                    + " (" + String.join(", ", names) + "); batch job " + jobId + " (watch it: o2pool job watch "
                    + jobId + ")");
        }
        return ExitCode.OK;
    }
}

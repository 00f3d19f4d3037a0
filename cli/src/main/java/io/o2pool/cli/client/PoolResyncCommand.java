package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code o2pool pool resync POOL [--wait]}: queues a Re-sync job ({@code POST /api/pools/{id}/resync}) that stages and
 * commits the pool's files on every member as a new generation; optionally watches it.
 */
@Command(name = "resync", description = {"Re-sync: put the pool's files on every member as a new generation",
    "(needs every member reachable; see it first with: o2pool plan resync POOL)."})
public final class PoolResyncCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "POOL", description = "Pool name or id.")
    String pool;
    @Option(names = "--wait", description = "Watch the job until it ends (exit 0 when every member runs the pool's"
            + " files).")
    boolean wait;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
        JsonNode p = Lookup.pool(api, pool);
        JsonNode job = api.post("/api/pools/" + p.path("id").asText() + "/resync",
                ManagerApi.json().createObjectNode());
        String jobId = job.path("id").asText();
        if (wait) {
            return new JobWatcher(api, out, json).watch(jobId);
        }
        if (json) {
            printJson(job);
        } else {
            out.println("pool " + p.path("name").asText() + ": Re-sync job " + jobId + " queued (watch it: o2pool job"
                    + " watch " + jobId + ")");
        }
        return ExitCode.OK;
    }
}

package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code o2pool job list|watch}: the manager's jobs and a progress display for a running one. */
@Command(name = "job", description = "Jobs: list, watch.",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Watch.class})
public final class JobCommand {
    private JobCommand() {
    }

    /** Lists jobs, newest first. */
    @Command(name = "list", description = "List jobs, newest first.")
    public static final class ListJobs extends ClientCommand {
        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            JsonNode jobs = api.get("/api/jobs?limit=" + limit);
            if (json) {
                printJson(jobs);
                return ExitCode.OK;
            }
            TextTable t = new TextTable("ID", "KIND", "STATUS", "POOL", "SERVER", "CREATED", "ERROR");
            for (JsonNode j : jobs) {
                t.row(text(j, "id"), text(j, "kind"), text(j, "status"), text(j, "pool_id"), text(j, "server_id"),
                        text(j, "created_at"), text(j, "error_step").isEmpty() ? ""
                                : text(j, "error_step") + ": " + text(j, "error_message"));
            }
            out.print(t.render());
            return ExitCode.OK;
        }
    }

    /** Follows a job (the newest when no id is given) step by step until it ends. */
    @Command(name = "watch", description = "Follow a job step by step until it ends (exit 0 when it SUCCEEDED).")
    public static final class Watch extends ClientCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "Job id (default: the newest).")
        String job;

        @Override
        protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
            String id = job;
            if (id == null) {
                JsonNode jobs = api.get("/api/jobs?limit=1");
                if (jobs.isEmpty()) {
                    err.println("o2pool job watch: there are no jobs yet");
                    return ExitCode.FAILED;
                }
                id = jobs.get(0).path("id").asText();
            }
            return new JobWatcher(api, out, json).watch(id);
        }
    }
}

package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Follows a job until it ends, printing one line per step change ({@code [3/9] stage  RUNNING}) so long work shows
 * progress; returns OK when the job SUCCEEDED and FAILED otherwise (the failed step and reason are printed).
 */
public final class JobWatcher {
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED");
    private static final long POLL_MS = 300;
    private final ManagerApi api;
    private final PrintStream out;
    private final boolean json;

    public JobWatcher(ManagerApi api, PrintStream out, boolean json) {
        this.api = api;
        this.out = out;
        this.json = json;
    }

    public ExitCode watch(String jobId) throws ApiFailure, IOException {
        Map<String, String> seen = new HashMap<>();
        String lastJobStatus = "";
        while (true) {
            JsonNode job = api.get("/api/jobs/" + jobId);
            String status = job.path("status").asText();
            if (!json) {
                if (!status.equals(lastJobStatus)) {
                    out.println("job " + jobId + " (" + job.path("kind").asText() + ") " + status);
                    lastJobStatus = status;
                }
                printStepChanges(job, seen);
            }
            if (FINAL.contains(status)) {
                if (json) {
                    out.println(ManagerApi.json().writerWithDefaultPrettyPrinter().writeValueAsString(job));
                } else if (status.equals("FAILED")) {
                    out.println("failed at step " + ClientCommand.text(job, "error_step") + ": "
                            + ClientCommand.text(job, "error_message"));
                }
                return status.equals("SUCCEEDED") ? ExitCode.OK : ExitCode.FAILED;
            }
            pause();
        }
    }

    private void printStepChanges(JsonNode job, Map<String, String> seen) {
        JsonNode steps = job.path("steps");
        int total = steps.size();
        int index = 0;
        for (JsonNode step : steps) {
            index++;
            String name = step.path("name").asText(step.path("step").asText("step" + index));
            String status = step.path("status").asText();
            String key = index + ":" + name;
            if (!status.equals(seen.get(key)) && !status.equals("PENDING")) {
                seen.put(key, status);
                String message = ClientCommand.text(step, "message");
                out.printf("  [%d/%d] %-20s %s%s%n", index, total, name, status,
                        message.isEmpty() ? "" : "  " + message);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code o2pool events}: the manager's audit log (changes, membership events, fence records). */
@Command(name = "events", description = "Show the manager's events (audit log and membership changes).")
public final class EventsCommand extends ClientCommand {
    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--after", description = "Only events after this id.")
    Long after;

    @Override
    protected ExitCode execute(ManagerApi api) throws ApiFailure, IOException {
        JsonNode events = api.get("/api/events?limit=" + limit + (after == null ? "" : "&after=" + after));
        if (json) {
            printJson(events);
            return ExitCode.OK;
        }
        TextTable t = new TextTable("ID", "AT", "KIND", "MESSAGE");
        for (JsonNode e : events) {
            t.row(text(e, "id"), text(e, "at"), text(e, "kind"), text(e, "message"));
        }
        out.print(t.render());
        return ExitCode.OK;
    }
}

package io.o2pool.agent.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.KernelLogLines;
import io.o2pool.agent.forensics.KernelLogStore;
import io.o2pool.agent.stack.kernel.KernelRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /v1/forensics/kernel-log?node=NAME[&since=INSTANT]}: the kernel lines a peer sent to this agent over
 * netconsole ({@link io.o2pool.agent.forensics.NetconsoleReceiver}), oldest first, with their framing read.
 */
final class ForensicsResource {
    private final KernelLogStore store;
    private final String nodeName;

    ForensicsResource(KernelLogStore store, String nodeName) {
        this.store = store;
        this.nodeName = nodeName;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/forensics/kernel-log", this::kernelLog);
    }

    private void kernelLog(Context ctx) {
        String node = ctx.queryParam("node");
        if (node == null || !node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new InvalidInputException("node", "node must be the sending node's name (letters, digits, '.', '_',"
                    + " '-'), not '" + node + "'");
        }
        Instant since = null;
        String raw = ctx.queryParam("since");
        if (raw != null && !raw.isBlank()) {
            try {
                since = Instant.parse(raw);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("since", "since must be an ISO-8601 instant such as "
                        + "2026-12-05T07:30:00Z, not '" + raw + "'");
            }
        }
        try {
            ctx.json(new KernelLogLines(node, nodeName, store.read(node, since).stream().map(l -> {
                KernelRecord r = l.record();
                return new KernelLogLines.Line(l.arrived(), l.raw(), r.uptimeUs(), r.level(), r.text());
            }).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

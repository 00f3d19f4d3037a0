package io.o2pool.agent.forensics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The netconsole lines received from each peer, kept in the agent's state dir ({@code <dir>/<node>.log}, one line
 * each: {@code <arrival instant> <raw line>}), bounded: past {@code maxBytes} a node's file is rotated to
 * {@code <node>.log.1} (the one before is dropped), so at most two files per node are kept. The fenced node's last
 * lines are the newest ones, which survive any rotation.
 */
public final class KernelLogStore {
    private static final Pattern NODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");

    private final Path dir;
    private final long maxBytes;

    public KernelLogStore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Appends one received line. */
    public synchronized void append(ReceivedLine line) throws IOException {
        Path file = file(line.node());
        Files.createDirectories(dir);
        if (Files.exists(file) && Files.size(file) >= maxBytes) {
            Files.move(file, rotated(line.node()), StandardCopyOption.REPLACE_EXISTING);
        }
        String clean = line.raw().replace("\r", "").replace("\n", " ").stripTrailing();
        Files.writeString(file, line.arrived() + " " + clean + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The lines received from {@code node} that arrived at or after {@code since} (null: all), oldest first. */
    public synchronized List<ReceivedLine> read(String node, Instant since) throws IOException {
        List<ReceivedLine> out = new ArrayList<>();
        for (Path f : List.of(rotated(node), file(node))) {
            if (!Files.exists(f)) {
                continue;
            }
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                int space = l.indexOf(' ');
                try {
                    Instant arrived = Instant.parse(space < 0 ? l : l.substring(0, space));
                    if (since == null || !arrived.isBefore(since)) {
                        out.add(new ReceivedLine(arrived, node, space < 0 ? "" : l.substring(space + 1)));
                    }
                } catch (DateTimeParseException e) {
                    throw new IOException(f + " line " + (i + 1) + ": no arrival time in '" + l
                            + "'; the file was edited by hand: move it away", e);
                }
            }
        }
        return out;
    }

    /** The nodes that have sent lines. */
    public synchronized List<String> nodes() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    private Path file(String node) {
        return dir.resolve(checked(node) + ".log");
    }

    private Path rotated(String node) {
        return dir.resolve(checked(node) + ".log.1");
    }

    static String checked(String node) {
        if (node == null || !NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("node '" + node
                    + "' is not a node name (letters, digits, '.', '_', '-'); give the fenced node's name");
        }
        return node;
    }
}

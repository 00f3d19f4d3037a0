package io.o2pool.agent.vm.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.api.GuardKill;
import io.o2pool.agent.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The VM guard's record of what it killed: {@code STATE/vm-guard.events}, one JSON {@link GuardKill} per line, appended
 * by the guard (often while the agent is dead) and read by the agent for {@code GET /v1/vm-guard/kills}, so the
 * manager can say, once the server answers again, which guests died and why. A line that is not a kill (a torn write
 * of a guard killed itself, a hand edit) is skipped and named by its line number in {@link Read#problems()}.
 */
public final class GuardKillLog {
    public static final String FILE = "vm-guard.events";
    private final Path file;
    private final ObjectMapper json = Json.mapper();

    public GuardKillLog(Path state) {
        this.file = state.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** Appends {@code kill} as one line (the guard's only write; an append of one short line, then fsync). */
    public void append(GuardKill kill) throws IOException {
        byte[] line = (json.writeValueAsString(kill) + "\n").getBytes(StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(true);
        }
    }

    /** The kills, newest first, at most {@code limit}; none when the guard never acted. */
    public Read read(int limit) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return new Read(List.of(), List.of());
        }
        List<GuardKill> kills = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                GuardKill k = json.readValue(line, GuardKill.class);
                if (k.time() == null) {
                    problems.add(file + " line " + (i + 1) + ": no time");
                } else {
                    kills.add(k);
                }
            } catch (JsonProcessingException e) {
                problems.add(file + " line " + (i + 1) + ": not a guard kill (" + e.getOriginalMessage() + ")");
            }
        }
        Collections.reverse(kills);
        return new Read(kills.subList(0, Math.min(limit, kills.size())), problems);
    }

    /** What {@link #read} found: kills newest first, and the lines it skipped. */
    public record Read(List<GuardKill> kills, List<String> problems) {
    }
}

package io.o2pool.ocfs2.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A transcript recorded from ocfs2-tools (../shared/ocfs2-tools-1.8.7/transcript-*.txt): commands ({@code $ ...})
 * each followed by optional {@code [stdout]} and {@code [stderr]} blocks and {@code [rc=N]}. Lines starting with
 * {@code #} between commands are notes.
 */
record RecordedTranscript(List<Step> steps) {
    /** One recorded command and what it printed. */
    record Step(String command, String stdout, String stderr, int exitCode) {
        /** The arguments after the program name, split at single spaces (an empty argument shows as two). */
        List<String> arguments() {
            String rest = command.substring(command.indexOf(' ') + 1);
            return List.of(rest.split(" ", -1));
        }

        String program() {
            return command.split(" ")[0];
        }
    }

    static RecordedTranscript read(Path file) throws IOException {
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).startsWith("$ ")) {
                i++;
                continue;
            }
            String command = lines.get(i++).substring(2);
            StringBuilder stdout = new StringBuilder();
            StringBuilder stderr = new StringBuilder();
            StringBuilder current = null;
            int exitCode = -1;
            for (; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.equals("[stdout]")) {
                    current = stdout;
                } else if (line.equals("[stderr]")) {
                    current = stderr;
                } else if (line.startsWith("[rc=")) {
                    exitCode = Integer.parseInt(line.substring(4, line.length() - 1));
                    i++;
                    break;
                } else if (current != null) {
                    current.append(line).append('\n');
                }
            }
            steps.add(new Step(command, stdout.toString(), stderr.toString(), exitCode));
        }
        return new RecordedTranscript(List.copyOf(steps));
    }
}

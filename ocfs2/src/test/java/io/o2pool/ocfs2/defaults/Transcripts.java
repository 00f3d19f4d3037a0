package io.o2pool.ocfs2.defaults;

import io.o2pool.testkit.SharedDocs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the recorded runs of the o2cb init script's configure dialog
 * ({@code transcript-o2cb-init-configure.txt}): for one named case, the dialog text (stdout and stderr merged, as
 * recorded) and the file it wrote.
 */
final class Transcripts {
    private Transcripts() {
    }

    /** One recorded configure run. */
    record ConfigureRun(String dialog, String resultingFile) {
    }

    static String recordedFile(String name) throws IOException {
        return Files.readString(SharedDocs.ocfs2Tools(name), StandardCharsets.UTF_8);
    }

    /** The run whose header is {@code === sandbox configure: NAME (...) ===}. */
    static ConfigureRun configureRun(String name) throws IOException {
        List<String> lines = Files.readAllLines(SharedDocs.ocfs2Tools("transcript-o2cb-init-configure.txt"),
                StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("=== sandbox configure: " + name + " ")) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            throw new AssertionError("no configure run named " + name + " in the transcript");
        }
        if (lines.get(start).startsWith("(pre-existing config")) {
            start++;
        }
        StringBuilder dialog = new StringBuilder();
        int i = start;
        for (; !lines.get(i).startsWith("[configure returned"); i++) {
            dialog.append(lines.get(i)).append('\n');
        }
        while (!lines.get(i).startsWith("--- resulting file (cat -A) ---")) {
            i++;
        }
        List<String> file = new ArrayList<>();
        for (i++; i < lines.size() && lines.get(i).endsWith("$"); i++) {
            String catA = lines.get(i);
            file.add(catA.substring(0, catA.length() - 1));
        }
        return new ConfigureRun(dialog.toString(), String.join("\n", file) + "\n");
    }
}

package io.o2pool.manager.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.planner.TextDiff;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift diff (the planner's TextDiff): exact for a known case, and checked by the real {@code patch} on 300 seeded random edits. */
class LineDiffTest {
    @TempDir
    Path dir;

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(TextDiff.unified("x\ny\n", "x\ny\n", "a", "b")).isEmpty();
    }

    @Test
    void aHandEditedPortShowsAsOneHunkWithContext() {
        String expected = "cluster:\n\tnode_count = 2\n\tname = ocfs2\n\nnode:\n\tip_port = 7777\n\tip_address = 10.0.0.1\n"
                + "\tnumber = 0\n\tname = a\n\tcluster = ocfs2\n";
        String actual = expected.replace("ip_port = 7777", "ip_port = 7778");
        assertThat(TextDiff.unified(expected, actual, "generation 3", "vm-host02")).isEqualTo("""
                --- generation 3
                +++ vm-host02
                @@ -3,7 +3,7 @@
                 \tname = ocfs2
                \s
                 node:
                -\tip_port = 7777
                +\tip_port = 7778
                 \tip_address = 10.0.0.1
                 \tnumber = 0
                 \tname = a
                """);
    }

    @Test
    void theRealPatchTurnsTheExpectedTextIntoTheActualOne() throws Exception {
        Path patch = Programs.require("patch", "patch");
        Random random = new Random(20261125L);
        for (int round = 0; round < 300; round++) {
            List<String> a = new ArrayList<>();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                a.add("line " + random.nextInt(12));
            }
            List<String> b = new ArrayList<>(a);
            int edits = 1 + random.nextInt(5);
            for (int e = 0; e < edits; e++) {
                int at = b.isEmpty() ? 0 : random.nextInt(b.size() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> b.add(at, "new " + random.nextInt(100));
                    case 1 -> { if (at < b.size()) { b.remove(at); } }
                    default -> { if (at < b.size()) { b.set(at, "changed " + random.nextInt(100)); } }
                }
            }
            String expected = join(a);
            String actual = join(b);
            String diff = TextDiff.unified(expected, actual, "expected", "actual");
            if (expected.equals(actual)) {
                assertThat(diff).isEmpty();
                continue;
            }
            Path file = dir.resolve("file");
            Files.writeString(file, expected);
            Files.writeString(dir.resolve("d.patch"), diff);
            ExecResult r = Programs.run(dir, List.of(patch.toString(), "--batch", "--fuzz=0", "-i", "d.patch", "file"));
            assertThat(r.exitCode()).as("round %d: patch %s\n%s", round, r, diff).isZero();
            assertThat(Files.readString(file)).as("round %d\n%s", round, diff).isEqualTo(actual);
        }
    }

    private static String join(List<String> lines) {
        StringBuilder s = new StringBuilder();
        lines.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }
}

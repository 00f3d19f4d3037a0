package io.o2pool.manager.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (longest common subsequence; the files are small), in the format of
 * {@code diff -u}: a {@code ---}/{@code +++} header, then hunks with three lines of context. Pure.
 */
public final class LineDiff {
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** The unified diff turning {@code expected} into {@code actual}; empty when they are equal. */
    public static String unified(String expectedName, String expected, String actualName, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        List<Op> ops = ops(a, b);
        StringBuilder out = new StringBuilder("--- " + expectedName + "\n+++ " + actualName + "\n");
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            while (end < ops.size() && (ops.get(end).kind != ' ' || end - lastChange <= 2 * CONTEXT)) {
                if (ops.get(end).kind != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            hunk(out, ops, start, end);
            i = end;
        }
        return out.toString();
    }

    private record Op(char kind, String line, int aLine, int bLine) {
    }

    private static void hunk(StringBuilder out, List<Op> ops, int start, int end) {
        int aStart = ops.get(start).aLine;
        int bStart = ops.get(start).bLine;
        int aCount = 0;
        int bCount = 0;
        for (int k = start; k < end; k++) {
            char kind = ops.get(k).kind;
            aCount += kind == '+' ? 0 : 1;
            bCount += kind == '-' ? 0 : 1;
        }
        out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
        for (int k = start; k < end; k++) {
            out.append(ops.get(k).kind).append(ops.get(k).line).append('\n');
        }
    }

    private static String range(int start, int count) {
        // diff -u numbers lines from 1 and names the line before an empty range
        return (count == 0 ? start : start + 1) + (count == 1 ? "" : "," + count);
    }

    private static List<Op> ops(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i), i, j));
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a.get(i), i, j)); // removals before additions, as diff -u shows them
                i++;
            } else {
                ops.add(new Op('+', b.get(j), i, j));
                j++;
            }
        }
        return ops;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast(); // the text's final newline ends the last line
        }
        return lines;
    }
}

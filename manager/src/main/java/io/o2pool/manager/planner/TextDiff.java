package io.o2pool.manager.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff (as {@code diff -u} prints it, 3 lines of context) between two texts, for plans shown to operators.
 * Pure; quadratic in the number of lines, which is fine for cluster.conf (at most ~1,500 lines).
 */
public final class TextDiff {
    private static final int CONTEXT = 3;

    private TextDiff() {
    }

    /** The diff, or the empty string when the texts are equal. */
    public static String unified(String before, String after, String beforeLabel, String afterLabel) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Op> ops = diff(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeLabel).append('\n').append("+++ ").append(afterLabel).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are within 2*CONTEXT lines of each other
            int lastChange = i;
            while (end < ops.size()) {
                if (ops.get(end).kind != ' ') {
                    lastChange = end;
                } else if (end - lastChange > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = ops.get(start).aLine;
            int bStart = ops.get(start).bLine;
            int aCount = 0;
            int bCount = 0;
            for (int k = start; k < end; k++) {
                if (ops.get(k).kind != '+') {
                    aCount++;
                }
                if (ops.get(k).kind != '-') {
                    bCount++;
                }
            }
            out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount))
                    .append(" @@\n");
            for (int k = start; k < end; k++) {
                out.append(ops.get(k).kind).append(ops.get(k).text).append('\n');
            }
            i = end;
        }
        return out.toString();
    }

    private static String range(int startIndex, int count) {
        int first = count == 0 ? startIndex : startIndex + 1;
        return first + "," + count;
    }

    private record Op(char kind, String text, int aLine, int bLine) {
    }

    private static List<Op> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i), i, j));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a.get(i), i, j)); // deletions before additions, as diff -u prints them
                i++;
            } else {
                ops.add(new Op('+', b.get(j), i, j));
                j++;
            }
        }
        return ops;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }
}

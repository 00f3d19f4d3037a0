package io.o2pool.agent.stack.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Joins the {@code KERN_CONT} pieces of a kernel line that arrive as separate records. The o2dlm domain lines are
 * printed as {@code printk(KERN_NOTICE "o2dlm: Joining domain %s ", ...)} followed by {@code __dlm_print_nodes}'s
 * {@code "( "}, one {@code "%d "} per node and {@code ") %u nodes\n"}, and dmesg showed them as separate records
 * ({@code forensics.md} §5): a head record is joined with the pieces that follow it, up to the closing
 * {@code ") N nodes"} one. Other records pass unchanged. Pure.
 */
public final class KernelLog {
    private static final Pattern HEAD = Pattern.compile("^o2dlm: (Joining domain \\S+|Node \\d+ (joins|leaves) domain \\S+) ?$");
    private static final Pattern PIECE = Pattern.compile("^(\\( ?|\\d+ ?|\\) \\d+ nodes)$");
    private static final Pattern LAST = Pattern.compile("^\\) \\d+ nodes$");

    private KernelLog() {
    }

    /** {@code records} with each o2dlm domain line's pieces joined into its head record. */
    public static List<KernelRecord> assemble(List<KernelRecord> records) {
        List<KernelRecord> out = new ArrayList<>();
        KernelRecord open = null;
        for (KernelRecord r : records) {
            String text = r.text();
            if (open != null && PIECE.matcher(text.strip()).matches()) {
                String piece = text.strip();
                open = open.append(piece.endsWith("nodes") ? piece : piece + " ");
                if (LAST.matcher(piece).matches()) {
                    out.add(open);
                    open = null;
                }
                continue;
            }
            if (open != null) {
                out.add(open); // the line never closed: keep what came
                open = null;
            }
            if (HEAD.matcher(text).matches()) {
                open = r.text().endsWith(" ") ? r : r.append(" ");
                continue;
            }
            out.add(r);
        }
        if (open != null) {
            out.add(open);
        }
        return out;
    }
}

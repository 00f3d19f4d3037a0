package io.o2pool.ocfs2.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smallest edit of a hosts file that makes {@code node} map to {@code address} for an IPv4 lookup, as the seed
 * asks of every server ("192.168.3.153 vm-host03" and no loopback line naming it): the node's name is taken off every
 * other IPv4 line that names it (a line left without names is commented out, never deleted), then added to the line of
 * {@code address} or, when there is none, on a new line at the end. Comments, spacing and every other line stay as
 * they are. A pure function.
 */
public final class HostsFix {
    /** The edited text and what changed, for people (one entry per line touched). */
    public record Result(String text, List<String> changes) {
        public Result {
            changes = List.copyOf(changes);
        }

        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    private HostsFix() {
    }

    public static Result fix(String text, String node, String address) {
        if (!Ipv4.isValid(address)) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
        }
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        boolean mapped = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            String comment = hash >= 0 ? line.substring(hash) : "";
            String[] fields = body.strip().isEmpty() ? new String[0] : body.strip().split("[ \\t]+");
            if (fields.length < 2 || !Ipv4.isValid(fields[0])) {
                out.add(line);
                continue;
            }
            List<String> names = new ArrayList<>(List.of(fields).subList(1, fields.length));
            boolean namesNode = names.stream().anyMatch(n -> same(n, node));
            if (fields[0].equals(address)) {
                if (!namesNode) {
                    names.add(node);
                    changes.add("line " + (i + 1) + ": added " + node + " to " + address);
                    out.add(render(fields[0], names, comment));
                } else {
                    out.add(line);
                }
                mapped = true;
            } else if (namesNode) {
                names.removeIf(n -> same(n, node));
                if (names.isEmpty()) {
                    out.add("# " + line.strip() + "   # o2pool: " + node + " maps to " + address);
                    changes.add("line " + (i + 1) + ": commented out (it mapped only " + node + " to " + fields[0]
                            + ")");
                } else {
                    out.add(render(fields[0], names, comment));
                    changes.add("line " + (i + 1) + ": removed " + node + " from " + fields[0]);
                }
            } else {
                out.add(line);
            }
        }
        if (!mapped) {
            boolean endsWithNewline = !out.isEmpty() && out.getLast().isEmpty();
            if (endsWithNewline) {
                out.removeLast();
            }
            out.add(address + "\t" + node);
            out.add("");
            changes.add("line " + (out.size() - 1) + ": added '" + address + " " + node + "'");
        }
        return new Result(String.join("\n", out), changes);
    }

    private static String render(String address, List<String> names, String comment) {
        return address + "\t" + String.join(" ", names) + (comment.isEmpty() ? "" : "\t" + comment);
    }

    private static boolean same(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}

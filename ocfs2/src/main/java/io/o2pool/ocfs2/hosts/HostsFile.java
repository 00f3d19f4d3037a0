package io.o2pool.ocfs2.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hosts file ({@code /etc/hosts}) parsed the way glibc's files backend reads it: {@code #} starts a comment
 * anywhere, fields are separated by blanks, a line needs an address and at least one name. Lines glibc would skip
 * (no name, an address that is not an IP literal) are skipped here too, each with a warning naming the line, so
 * that line numbers in messages match the file.
 *
 * @param path     the file's name in messages ({@code /etc/hosts})
 * @param entries  the usable lines, in file order
 * @param warnings one text per skipped line
 */
public record HostsFile(String path, List<HostsEntry> entries, List<String> warnings) {
    /** The system hosts file. */
    public static final Path ETC_HOSTS = Path.of("/etc/hosts");

    public HostsFile {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** Reads and parses a hosts file. */
    public static HostsFile read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses hosts-file text; never fails, see the class comment. */
    public static HostsFile parse(String path, String text) {
        List<HostsEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("[ \\t]+");
            if (!Ipv4.isValid(fields[0]) && !looksLikeIpv6(fields[0])) {
                warnings.add(path + " line " + lineNo + ": ignored: '" + fields[0] + "' is not an IP address");
                continue;
            }
            if (fields.length < 2) {
                warnings.add(path + " line " + lineNo + ": ignored: no host name after " + fields[0]);
                continue;
            }
            entries.add(new HostsEntry(lineNo, fields[0], List.of(fields).subList(1, fields.length)));
        }
        return new HostsFile(path, entries, warnings);
    }

    /** The IPv4 lines that name {@code host}, in file order; the first is what an IPv4 lookup returns. */
    public List<HostsEntry> ipv4EntriesFor(String host) {
        return entries.stream().filter(e -> e.ipv4() && e.names(host)).toList();
    }

    private static boolean looksLikeIpv6(String s) {
        return s.indexOf(':') >= 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.'
                || c == '%' || Character.isLetterOrDigit(c));
    }
}

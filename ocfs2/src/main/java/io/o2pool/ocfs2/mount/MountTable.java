package io.o2pool.ocfs2.mount;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mount table as the kernel prints it in {@code /proc/mounts} (fstab format: device, mount point, type,
 * comma-separated options, dump, pass; blanks inside fields escaped as {@code \040}, tab {@code \011}, newline
 * {@code \012}, backslash {@code \134}). Immutable; parse errors carry the line number.
 *
 * @param source  the table's name in messages ({@code /proc/mounts})
 * @param entries every entry in table order
 */
public record MountTable(String source, List<MountEntry> entries) {
    /** The kernel's mount table. */
    public static final Path PROC_MOUNTS = Path.of("/proc/mounts");

    public MountTable {
        entries = List.copyOf(entries);
    }

    /** Reads and parses a mount table file (normally {@link #PROC_MOUNTS}). */
    public static MountTable read(Path file) throws IOException, MountTableException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses mount table text. Blank lines and {@code #} comments are skipped (fstab style); dump and pass may be
     * left out (as in {@code /etc/mtab} copies) but must be numbers when present.
     *
     * @throws MountTableException naming the first bad line
     */
    public static MountTable parse(String source, String text) throws MountTableException {
        List<MountEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[ \\t]+");
            if (f.length < 4 || f.length > 6) {
                throw new MountTableException(source, lineNo, "expected 6 fields (device, mount point, type,"
                        + " options, dump, pass), found " + f.length + ": " + line);
            }
            for (int k = 4; k < f.length; k++) {
                if (!f[k].matches("[0-9]+")) {
                    throw new MountTableException(source, lineNo, "field " + (k + 1) + " ("
                            + (k == 4 ? "dump" : "pass") + ") must be a number, found '" + f[k] + "'");
                }
            }
            List<String> options = new ArrayList<>();
            for (String o : f[3].split(",")) {
                options.add(unescape(source, lineNo, o));
            }
            entries.add(new MountEntry(lineNo, unescape(source, lineNo, f[0]), unescape(source, lineNo, f[1]),
                    unescape(source, lineNo, f[2]), options));
        }
        return new MountTable(source, entries);
    }

    /** The OCFS2 entries, in table order. */
    public List<Ocfs2Mount> ocfs2Mounts() throws MountTableException {
        List<Ocfs2Mount> found = new ArrayList<>();
        for (MountEntry e : entries) {
            if (e.type().equals("ocfs2")) {
                found.add(Ocfs2Mount.of(source, e));
            }
        }
        return found;
    }

    /** The OCFS2 mount at {@code mountPoint}, if any (the last one wins when mounts are stacked). */
    public Optional<Ocfs2Mount> ocfs2MountAt(String mountPoint) throws MountTableException {
        Ocfs2Mount found = null;
        for (Ocfs2Mount m : ocfs2Mounts()) {
            if (m.mountPoint().equals(mountPoint)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Decodes the kernel's {@code \ooo} octal escapes; the escaped bytes are UTF-8. */
    private static String unescape(String source, int lineNo, String field) throws MountTableException {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '\\') {
                bytes.write(raw[i]);
                continue;
            }
            if (!isOctal(raw, i + 1) || !isOctal(raw, i + 2) || !isOctal(raw, i + 3)) {
                throw new MountTableException(source, lineNo, "bad escape in '" + field
                        + "' (expected a backslash and three octal digits, e.g. \\040 for a space)");
            }
            bytes.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
            i += 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] raw, int i) {
        return i < raw.length && raw[i] >= '0' && raw[i] <= '7';
    }
}

package io.o2pool.ocfs2.superblock;

import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Makes OCFS2 images with the real {@code mkfs.ocfs2} and asks the real {@code tunefs.ocfs2 -Q} and
 * {@code debugfs.ocfs2 -R stats} what they see, for comparison with {@link SuperblockReader}.
 */
final class RealTools {
    /** Big enough for {@code -N 4} (needs ~19 MiB); sparse, so it costs only what mkfs writes. */
    static final long IMAGE_BYTES = 64L << 20;
    /** The seven specifiers of the brief, one per line so an empty label or one with blanks stays one field. */
    static final String QUERY = "%U\\n%V\\n%N\\n%M\\n%H\\n%O\\n%T\\n";

    private RealTools() {
    }

    /**
     * Formats a new 64 MiB sparse image with {@code mkfs.ocfs2 -F -q ARGS}. The exit code is not trusted: without
     * {@code /sbin/modprobe} (minimal Debian images lack kmod) mkfs 1.8.7 forks for modprobe, the failed exec lets
     * the child run the whole mkfs (which formats the image), and the parent then finds the new volume, asks
     * "Proceed (y/N)", reads no answer and exits 1. So the image is checked instead: the UUID given with -U must be
     * on it.
     */
    static Path mkfs(Path dir, String name, String uuid, List<String> args) throws IOException {
        Path image = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(IMAGE_BYTES);
        }
        List<String> cmd = new ArrayList<>(List.of(Programs.ocfs2Tool("mkfs.ocfs2").toString(), "-F", "-q"));
        cmd.addAll(args);
        cmd.addAll(List.of("-U", uuid, image.toString()));
        ExecResult mkfs = Programs.run(dir, cmd);
        ExecResult check = tunefsQuery(dir, image);
        assertThat(check.exitCode()).as("mkfs.ocfs2 %s did not format the image:\n%s", args, mkfs).isZero();
        assertThat(check.stdout().lines().findFirst().orElse(""))
                .as("UUID on the image after mkfs.ocfs2 %s\n%s", args, mkfs)
                .isEqualTo(uuid.replace("-", "").toUpperCase(java.util.Locale.ROOT));
        return image;
    }

    /** Runs {@code tunefs.ocfs2 -y ARGS image} (local-mode images only: cluster ones need a running stack). */
    static void tunefs(Path dir, Path image, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Programs.ocfs2Tool("tunefs.ocfs2").toString(), "-y"));
        cmd.addAll(List.of(args));
        cmd.add(image.toString());
        ExecResult r = Programs.run(dir, cmd);
        assertThat(r.exitCode()).as("tunefs.ocfs2 %s\n%s", List.of(args), r).isZero();
        assertThat(r.stderr()).as("tunefs.ocfs2 %s", List.of(args)).doesNotContain("Unable");
    }

    private static ExecResult tunefsQuery(Path dir, Path image) {
        return Programs.run(dir, List.of(Programs.ocfs2Tool("tunefs.ocfs2").toString(), "-Q", QUERY,
                image.toString()));
    }

    /** What {@code tunefs.ocfs2 -Q '%U %V %N %M %H %O %T'} prints, one field per specifier. */
    record Query(String uuid, String label, int slots, String compat, String incompat, String roCompat,
                 int clusterSize) {
    }

    static Query query(Path dir, Path image) {
        ExecResult r = tunefsQuery(dir, image);
        assertThat(r.exitCode()).as("tunefs.ocfs2 -Q\n%s", r).isZero();
        List<String> f = r.stdout().lines().toList();
        assertThat(f).as("tunefs.ocfs2 -Q output\n%s", r).hasSize(7);
        return new Query(f.get(0), f.get(1), Integer.parseInt(f.get(2)), f.get(3), f.get(4), f.get(5),
                Integer.parseInt(f.get(6)));
    }

    /** {@code blkid -p -o export} (values unescaped): util-linux's own OCFS2 prober, for the 8-4-4-4-12 UUID. */
    static Map<String, String> blkid(Path dir, Path image) {
        ExecResult r = Programs.run(dir, List.of(Programs.require("blkid", "util-linux").toString(), "-p", "-o",
                "export", image.toString()));
        assertThat(r.exitCode()).as("blkid\n%s", r).isZero();
        Map<String, String> values = new HashMap<>();
        for (String line : r.stdout().lines().toList()) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1).replace("\\ ", " "));
        }
        return values;
    }

    /** The {@code Name: value} lines of {@code debugfs.ocfs2 -R stats}, first occurrence of each name. */
    static Map<String, String> debugfsStats(Path dir, Path image) {
        ExecResult r = Programs.run(dir, List.of(Programs.ocfs2Tool("debugfs.ocfs2").toString(), "-R", "stats",
                image.toString()));
        assertThat(r.exitCode()).as("debugfs.ocfs2 -R stats\n%s", r).isZero();
        Map<String, String> stats = new HashMap<>();
        Pattern twoOnALine = Pattern.compile("(Block Size Bits): (\\d+)\\s+(Cluster Size Bits): (\\d+)");
        for (String raw : r.stdout().lines().toList()) {
            String line = raw.strip();
            Matcher m = twoOnALine.matcher(line);
            if (m.matches()) {
                stats.put(m.group(1), m.group(2));
                stats.put(m.group(3), m.group(4));
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0 && line.endsWith(":")) {
                stats.putIfAbsent(line.substring(0, line.length() - 1), "");
            } else if (colon > 0) {
                stats.putIfAbsent(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        return stats;
    }
}

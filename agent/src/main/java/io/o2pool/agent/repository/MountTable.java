package io.o2pool.agent.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mount table ({@code /proc/mounts}): device, mount point, type and options per line, with the kernel's octal
 * escapes ({@code \040} for a space) decoded. Read fresh on every call: mounts change under the agent.
 */
public final class MountTable {
    /** One mounted filesystem. */
    public record Mount(String device, String mountPoint, String type, List<String> options) {
        /** The OCFS2 heartbeat option ({@code heartbeat=local}, {@code heartbeat=none}, ...), or {@code none}. */
        public String heartbeatMode() {
            return options.stream().filter(o -> o.startsWith("heartbeat=")).findFirst().orElse("none");
        }
    }

    private final Path file;

    public MountTable(Path file) {
        this.file = file;
    }

    public List<Mount> mounts() {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        try {
            List<Mount> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(" ");
                if (f.length >= 4) {
                    mounts.add(new Mount(unescape(f[0]), unescape(f[1]), f[2], List.of(f[3].split(","))));
                }
            }
            return mounts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The mount at {@code mountPoint}, if mounted. */
    public Optional<Mount> at(Path mountPoint) {
        String wanted = mountPoint.toString();
        return mounts().stream().filter(m -> m.mountPoint().equals(wanted)).reduce((a, b) -> b);
    }

    /** Where {@code device} is mounted, if it is. */
    public Optional<Mount> ofDevice(String device) {
        return mounts().stream().filter(m -> m.device().equals(device)).findFirst();
    }

    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

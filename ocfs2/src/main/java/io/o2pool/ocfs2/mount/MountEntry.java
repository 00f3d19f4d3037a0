package io.o2pool.ocfs2.mount;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the mount table with its escapes decoded: what is mounted where, as which type, with which options.
 *
 * @param line       1-based line number in the table
 * @param device     the mounted device ({@code /dev/sdc1}), as the kernel shows it
 * @param mountPoint where it is mounted
 * @param type       file system type ({@code ocfs2})
 * @param options    mount options in order ({@code rw}, {@code _netdev}, {@code heartbeat=local}, ...)
 */
public record MountEntry(int line, String device, String mountPoint, String type, List<String> options) {
    public MountEntry {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(type, "type");
        options = List.copyOf(options);
    }

    /** The value of the last {@code name=value} option, if present. */
    public Optional<String> option(String name) {
        String prefix = name + "=";
        String found = null;
        for (String o : options) {
            if (o.startsWith(prefix)) {
                found = o.substring(prefix.length());
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether the option {@code name} appears on its own ({@code rw}, {@code _netdev}). */
    public boolean hasFlag(String name) {
        return options.contains(name);
    }
}

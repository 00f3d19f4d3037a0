package io.o2pool.libvirtd;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What one session libvirtd instance is: its {@code name} (for messages), the server's folder {@code dir} it keeps
 * its state, logs and configuration under, the first of five TCP ports {@code migrationPortMin}..+4 its incoming
 * migrations may use when a caller lets libvirt choose, and the unprivileged {@code user} it runs as — required when
 * this process is root (a root libvirtd uses fixed system paths, so two would share their domains), empty to run it
 * as the current user.
 */
public record LibvirtdSettings(String name, Path dir, int migrationPortMin, Optional<String> user) {
    /** The highest first port: the range is five ports. */
    public static final int MAX_MIGRATION_PORT_MIN = 65530;

    public LibvirtdSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a libvirtd instance needs a name");
        }
        if (dir == null || !dir.isAbsolute()) {
            throw new IllegalArgumentException("libvirtd " + name + ": its folder '" + dir + "' must be an absolute "
                    + "path");
        }
        if (migrationPortMin < 1024 || migrationPortMin > MAX_MIGRATION_PORT_MIN) {
            throw new IllegalArgumentException("libvirtd " + name + ": migration port " + migrationPortMin + " is "
                    + "outside 1024.." + MAX_MIGRATION_PORT_MIN + "; give an unprivileged port with 4 free after it");
        }
        user = user == null ? Optional.empty() : user.filter(u -> !u.isBlank());
        if (user.filter(u -> !u.matches("[a-z_][a-z0-9_-]{0,31}")).isPresent()) {
            throw new IllegalArgumentException("libvirtd " + name + ": user '" + user.get() + "' is not a valid "
                    + "user name");
        }
    }

    public int migrationPortMax() {
        return migrationPortMin + 4;
    }
}

package io.o2pool.libvirtd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The text of an instance's {@code libvirtd.conf} and {@code qemu.conf}, and its host UUID: pure functions. */
public final class LibvirtdConfigFiles {
    private LibvirtdConfigFiles() {
    }

    /**
     * {@code libvirtd.conf}: the instance's own host UUID (libvirt refuses to migrate between daemons with the same
     * one: "Attempt to migrate guest to the same host"; without it every daemon on a machine takes the SMBIOS UUID, or
     * a random one per start where there is none) and its log file.
     */
    public static String libvirtdConf(Path dir, Path logFile) {
        return "host_uuid = \"" + hostUuid(dir) + "\"\n" + "log_outputs = \"3:file:" + logFile + "\"\n";
    }

    /**
     * {@code qemu.conf} (read from {@code $XDG_CONFIG_HOME/libvirt/}): the instance's incoming-migration ports and
     * QEMU's stderr straight into the per-domain log (no virtlogd per instance).
     */
    public static String qemuConf(LibvirtdSettings s) {
        return """
                # incoming migrations of this instance (loopback addresses go per call, not here: libvirt refuses
                # migration_host = 127.0.0.1)
                migration_port_min = %d
                migration_port_max = %d
                # QEMU's stderr straight into the per-domain log: no virtlogd per instance
                stdio_handler = "file"
                """.formatted(s.migrationPortMin(), s.migrationPortMax());
    }

    /** A UUID derived from the instance's folder: distinct per instance, the same at every start. */
    public static String hostUuid(Path dir) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("o2pool-" + dir.toAbsolutePath())
                    .getBytes(StandardCharsets.UTF_8));
            String x = HexFormat.of().formatHex(h);
            return x.substring(0, 8) + "-" + x.substring(8, 12) + "-" + x.substring(12, 16) + "-" + x.substring(16, 20)
                    + "-" + x.substring(20, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

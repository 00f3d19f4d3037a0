package io.o2pool.agent.vm.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and SIGKILLs this server's guests from their pid files, without libvirt (it may be dead too): libvirt's
 * {@code NAME.pid} (not {@code driver.pid}, which is libvirtd) of processes that are QEMU, and the process driver's
 * {@code NAME.vm} records ({@code pid=}). Thread-safe.
 */
public final class GuestKiller {
    private static final Pattern PID_LINE = Pattern.compile("(?m)^pid=(\\d{1,10})\\s*$");

    private GuestKiller() {
    }

    /** The guests alive now: name → pid. */
    public static List<Guest> alive(List<Path> pidDirs) {
        List<Guest> guests = new ArrayList<>();
        for (Path dir : pidDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String file = f.getFileName().toString();
                    Optional<Long> pid = Optional.empty();
                    if (file.endsWith(".pid") && !file.equals("driver.pid")) {
                        pid = readPid(f, false).filter(GuestKiller::isQemu);
                    } else if (file.endsWith(".vm")) {
                        pid = readPid(f, true);
                    }
                    pid.filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
                            .ifPresent(p -> guests.add(new Guest(file.replaceFirst("\\.(pid|vm)$", ""), p)));
                }
            } catch (IOException e) {
                // a folder that vanished: nothing of it is running
            }
        }
        return guests;
    }

    /** SIGKILLs every guest alive now; returns those killed. */
    public static List<Guest> killAll(List<Path> pidDirs) {
        List<Guest> guests = alive(pidDirs);
        for (Guest g : guests) {
            ProcessHandle.of(g.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        return guests;
    }

    private static Optional<Long> readPid(Path f, boolean record) {
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (record) {
                Matcher m = PID_LINE.matcher(text);
                return m.find() && !m.group(1).equals("0") ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
            }
            text = text.strip();
            return text.matches("\\d{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isQemu(long pid) {
        try {
            String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.ISO_8859_1);
            return cmd.contains("qemu");
        } catch (IOException e) {
            return false;
        }
    }

    /** One guest: its name and process. */
    public record Guest(String name, long pid) {
    }
}

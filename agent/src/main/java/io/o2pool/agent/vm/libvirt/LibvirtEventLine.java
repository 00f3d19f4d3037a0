package io.o2pool.agent.vm.libvirt;

import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.vm.DomainEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one line of {@code virsh event --all --loop --timestamp} (libvirt 9), e.g.
 * {@code 2026-12-04 18:19:00.039+0000: event 'lifecycle' for domain 'tiny1': Stopped Destroyed}. Only lifecycle events
 * become {@link DomainEvent}s; the intermediate {@code Shutdown …} and every other event kind (migration-iteration,
 * job-completed and its indented statistics, control-error) give empty. Pure.
 */
public final class LibvirtEventLine {
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}): event 'lifecycle' for domain '(.+)': (\\S+)(?: (.*))?$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");

    private LibvirtEventLine() {
    }

    /** The event on {@code line}, or empty for anything but a lifecycle event this agent reports. */
    public static Optional<DomainEvent> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(m.group(1), TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String event = m.group(3);
        String detail = m.group(4) == null ? "" : m.group(4).strip();
        VmEventType type = type(event, detail);
        return type == null ? Optional.empty()
                : Optional.of(new DomainEvent(time, m.group(2), type, (event + " " + detail).strip()));
    }

    private static VmEventType type(String event, String detail) {
        return switch (event) {
            case "Defined" -> VmEventType.DEFINED;
            case "Undefined" -> VmEventType.UNDEFINED;
            case "Started" -> detail.equals("Migrated") ? VmEventType.MIGRATED_IN : VmEventType.STARTED;
            case "Suspended" -> VmEventType.PAUSED;
            case "Resumed" -> VmEventType.RESUMED;
            case "Stopped" -> switch (detail) {
                case "Migrated" -> VmEventType.MIGRATED_OUT;
                case "Crashed", "Failed" -> VmEventType.CRASHED;
                default -> VmEventType.STOPPED;
            };
            case "Crashed" -> VmEventType.CRASHED;
            default -> null; // Shutdown (guest or host request, followed by Stopped), PMSuspended: not reported
        };
    }
}

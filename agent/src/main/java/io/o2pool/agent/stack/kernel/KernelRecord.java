package io.o2pool.agent.stack.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel log record as it arrives, with its framing taken off: dmesg and the serial console
 * ({@code [%5lu.%06lu] text}), a ramoops dump ({@code <3>[   62.145210] text}), extended netconsole
 * ({@code <level + 8 × facility>,<seq>,<µs>,<flags>;text}) or a plain line without a timestamp (a user-space program
 * writing to the console, such as {@code o2hbmonitor}). Immutable.
 *
 * @param source     which framing it came in
 * @param uptimeUs   the printk timestamp in µs since boot; null when the line has none
 * @param level      the printk level 0-7 (0 = emergency, 3 = error, 5 = notice); null when the framing has none
 * @param sequence   the printk sequence number (extended netconsole); null otherwise
 * @param userspace  the record was written by a user-space program through /dev/kmsg (facility 1, extended only)
 * @param text       the message without framing
 */
public record KernelRecord(Source source, Long uptimeUs, Integer level, Long sequence, boolean userspace,
        String text) {

    /** The framing a record came in. */
    public enum Source {
        /** {@code [   56.260354] text}: dmesg, the serial console, plain netconsole. */
        DMESG,
        /** {@code <3>[   62.145210] text}: a ramoops (pstore) dump of the previous boot. */
        RAMOOPS,
        /** {@code 5,432,50919628,-;text}: netconsole with {@code extended=1}. */
        NETCONSOLE_EXTENDED,
        /** No framing: a user-space line on the console, or a line whose framing was already removed. */
        PLAIN
    }

    private static final Pattern DMESG = Pattern.compile("^\\[\\s*(\\d+)\\.(\\d{6})\\] ?(.*)$", Pattern.DOTALL);
    private static final Pattern RAMOOPS = Pattern.compile("^<([0-7])>\\[\\s*(\\d+)\\.(\\d{6})\\] ?(.*)$",
            Pattern.DOTALL);
    private static final Pattern EXTENDED = Pattern.compile("^(\\d{1,3}),(\\d+),(\\d+),([^;]*);(.*)$", Pattern.DOTALL);

    /** Takes the framing off one line (a trailing newline is dropped; other whitespace is kept). */
    public static KernelRecord parse(String raw) {
        String line = raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw;
        Matcher m = RAMOOPS.matcher(line);
        if (m.matches()) {
            return new KernelRecord(Source.RAMOOPS, micros(m.group(2), m.group(3)), Integer.parseInt(m.group(1)),
                    null, false, m.group(4));
        }
        m = DMESG.matcher(line);
        if (m.matches()) {
            return new KernelRecord(Source.DMESG, micros(m.group(1), m.group(2)), null, null, false, m.group(3));
        }
        m = EXTENDED.matcher(line);
        if (m.matches()) {
            int prefix = Integer.parseInt(m.group(1));
            return new KernelRecord(Source.NETCONSOLE_EXTENDED, Long.parseLong(m.group(3)), prefix & 7,
                    Long.parseLong(m.group(2)), prefix >> 3 == 1, m.group(5));
        }
        return new KernelRecord(Source.PLAIN, null, null, null, false, line);
    }

    /** The typed o2cb message this record carries, if it is one ({@link O2cbLines#parse}). */
    public Optional<O2cbLine> message() {
        return O2cbLines.parse(text);
    }

    /** This record with {@code text} appended (a {@code KERN_CONT} piece joined to its line). */
    KernelRecord append(String more) {
        return new KernelRecord(source, uptimeUs, level, sequence, userspace, text + more);
    }

    private static long micros(String seconds, String fraction) {
        return Long.parseLong(seconds) * 1_000_000L + Long.parseLong(fraction);
    }
}

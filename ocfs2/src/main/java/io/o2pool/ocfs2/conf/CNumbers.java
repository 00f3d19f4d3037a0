package io.o2pool.ocfs2.conf;

import java.math.BigInteger;

/**
 * C library number conversion ({@code strtoul}, {@code strtol}) with glibc's acceptance rules, because
 * ocfs2-tools decides what counts as a number in cluster.conf and on its command line by calling them and then
 * requiring that nothing follows the digits: leading white space and a sign are accepted, an empty string is 0,
 * overflow saturates. Thread-safe (stateless).
 */
public final class CNumbers {
    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    /** How a conversion ended: the whole text was a number, something else followed, or the value overflowed. */
    public enum Status {
        /** The whole text converted; {@link Conversion#value()} holds it. */
        OK,
        /** Text remained after the number (or there were no digits): the tools report "invalid". */
        NOT_A_NUMBER,
        /** The value did not fit; C saturates it ({@code ULONG_MAX}, {@code LONG_MAX} or {@code LONG_MIN}). */
        OVERFLOW
    }

    /**
     * The result of one conversion. For {@link #strtoul} the value is an unsigned 64-bit number held in a
     * {@code long} (compare with {@link Long#compareUnsigned}); for {@link #strtol} it is signed.
     */
    public record Conversion(Status status, long value) {
        public boolean ok() {
            return status == Status.OK;
        }
    }

    private CNumbers() {
    }

    /** {@code strtoul(text, &end, 10)} followed by the tools' {@code *end != '\0'} check. */
    public static Conversion strtoul(String text) {
        return convert(text, 10, false);
    }

    /** {@code strtol(text, &end, base)} with base 0 (C prefixes: 0x hex, 0 octal) or 10, then the end check. */
    public static Conversion strtol(String text, int base) {
        if (base != 0 && base != 10) {
            throw new IllegalArgumentException("base must be 0 or 10, not " + base);
        }
        return convert(text, base, true);
    }

    /** C's {@code isspace} in the C locale. */
    public static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** What {@code tools_strstrip} does to an argument: drops C white space at both ends. */
    public static String strip(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isCSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isCSpace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    private static Conversion convert(String s, int requestedBase, boolean signed) {
        int i = 0;
        while (i < s.length() && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int base = requestedBase;
        if (base == 0) {
            if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            } else if (i < s.length() && s.charAt(i) == '0') {
                base = 8;
            } else {
                base = 10;
            }
        }
        int digitsStart = i;
        while (i < s.length() && digit(s.charAt(i), base) >= 0) {
            i++;
        }
        if (i == digitsStart) {
            // no digits: end points at the very start, so only the empty string passes the end check
            return new Conversion(s.isEmpty() ? Status.OK : Status.NOT_A_NUMBER, 0);
        }
        if (i != s.length()) {
            return new Conversion(Status.NOT_A_NUMBER, 0);
        }
        BigInteger magnitude = new BigInteger(s.substring(digitsStart, i), base);
        if (!signed) {
            if (magnitude.compareTo(ULONG_MAX) > 0) {
                return new Conversion(Status.OVERFLOW, -1L);
            }
            long value = magnitude.longValue();
            return new Conversion(Status.OK, negative ? -value : value);
        }
        BigInteger value = negative ? magnitude.negate() : magnitude;
        if (value.compareTo(LONG_MAX) > 0) {
            return new Conversion(Status.OVERFLOW, Long.MAX_VALUE);
        }
        if (value.compareTo(LONG_MIN) < 0) {
            return new Conversion(Status.OVERFLOW, Long.MIN_VALUE);
        }
        return new Conversion(Status.OK, value.longValue());
    }

    private static int digit(char c, int base) {
        int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
        return d < base ? d : -1;
    }
}

package io.o2pool.ocfs2.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line option parsing as glibc's {@code getopt}/{@code getopt_long} does it, because o2cb and o2cb_ctl
 * accept exactly what those accept: clustered short options ({@code -vv}), attached or separate arguments, long
 * options abbreviated to any unambiguous prefix, {@code --name=value}, {@code --} ending the options, and either
 * permuting operands to the end (the default) or stopping at the first operand ({@code +} in the option string).
 * Problems are returned in order, with glibc's message, so a caller can stop at the first as the tools do.
 */
final class GnuGetopt {
    /** Whether operands may be mixed with options (glibc's default) or end the options. */
    enum Ordering { PERMUTE, REQUIRE_ORDER }

    /** A long option; {@code key} is what {@link Option#key()} reports for it. */
    record LongOption(String name, boolean requiresArgument, String key) {
    }

    /** One thing getopt returned: an option, or a problem with glibc's message (prefixed by the program name). */
    sealed interface Event permits Option, Problem {
    }

    /** An option and its argument ({@code null} if it takes none); {@code key} is the short letter or long key. */
    record Option(String key, String argument) implements Event {
    }

    /** An unknown option ({@code '?'}) or a missing argument ({@code ':'}), with the option character. */
    record Problem(String message, char option, boolean missingArgument) implements Event {
    }

    /** Everything on the command line: the events in order, and the operands in order. */
    record Parsed(List<Event> events, List<String> operands) {
    }

    private final String program;
    private final String shortOptions;
    private final List<LongOption> longOptions;
    private final Ordering ordering;

    /**
     * @param program      the name glibc prints before a message (argv[0] of the call)
     * @param shortOptions letters, each followed by ':' if it takes an argument (no mode prefix)
     * @param longOptions  the long options, or {@code null} for plain {@code getopt} (then "--x" is option '-')
     */
    GnuGetopt(String program, String shortOptions, List<LongOption> longOptions, Ordering ordering) {
        this.program = program;
        this.shortOptions = shortOptions;
        this.longOptions = longOptions;
        this.ordering = ordering;
    }

    /** Parses the arguments after argv[0]. */
    Parsed parse(List<String> args) {
        List<Event> events = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (ordering == Ordering.REQUIRE_ORDER) {
                    operands.addAll(args.subList(i, args.size()));
                    break;
                }
                operands.add(arg);
                i++;
                continue;
            }
            if (longOptions != null && arg.startsWith("--")) {
                i = parseLong(args, i, events);
            } else {
                i = parseShort(args, i, events);
            }
        }
        return new Parsed(List.copyOf(events), List.copyOf(operands));
    }

    private int parseShort(List<String> args, int i, List<Event> events) {
        String arg = args.get(i);
        for (int j = 1; j < arg.length(); j++) {
            char c = arg.charAt(j);
            int at = c == ':' ? -1 : shortOptions.indexOf(c);
            if (at < 0) {
                events.add(new Problem(program + ": invalid option -- '" + c + "'", c, false));
                continue;
            }
            boolean takesArgument = at + 1 < shortOptions.length() && shortOptions.charAt(at + 1) == ':';
            if (!takesArgument) {
                events.add(new Option(String.valueOf(c), null));
                continue;
            }
            if (j + 1 < arg.length()) {
                events.add(new Option(String.valueOf(c), arg.substring(j + 1)));
            } else if (i + 1 < args.size()) {
                events.add(new Option(String.valueOf(c), args.get(++i)));
            } else {
                events.add(new Problem(program + ": option requires an argument -- '" + c + "'", c, true));
            }
            break;
        }
        return i + 1;
    }

    private int parseLong(List<String> args, int i, List<Event> events) {
        String body = args.get(i).substring(2);
        int equals = body.indexOf('=');
        String name = equals < 0 ? body : body.substring(0, equals);
        LongOption found = null;
        List<LongOption> prefixed = new ArrayList<>();
        for (LongOption option : longOptions) {
            if (option.name().equals(name)) {
                found = option;
                break;
            }
            if (option.name().startsWith(name)) {
                prefixed.add(option);
            }
        }
        if (found == null && prefixed.size() > 1) {
            StringBuilder message = new StringBuilder(program + ": option '--" + body + "' is ambiguous; possibilities:");
            prefixed.forEach(o -> message.append(" '--").append(o.name()).append('\''));
            events.add(new Problem(message.toString(), '?', false));
            return i + 1;
        }
        if (found == null && prefixed.size() == 1) {
            found = prefixed.get(0);
        }
        if (found == null) {
            events.add(new Problem(program + ": unrecognized option '--" + body + "'", '?', false));
        } else if (equals >= 0) {
            events.add(found.requiresArgument() ? new Option(found.key(), body.substring(equals + 1))
                    : new Problem(program + ": option '--" + found.name() + "' doesn't allow an argument", '?',
                    false));
        } else if (!found.requiresArgument()) {
            events.add(new Option(found.key(), null));
        } else if (i + 1 < args.size()) {
            events.add(new Option(found.key(), args.get(++i)));
        } else {
            events.add(new Problem(program + ": option '--" + found.name() + "' requires an argument", '?', true));
        }
        return i + 1;
    }
}

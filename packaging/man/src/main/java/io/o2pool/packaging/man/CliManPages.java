package io.o2pool.packaging.man;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages of the {@code o2pool} command from its picocli model, one per command and group in section 1:
 * {@code o2pool(1)}, {@code o2pool-server(1)}, {@code o2pool-server-add(1)}, ... Each page holds picocli's own synopsis,
 * the command's description, its options and parameters with their descriptions, and the subcommands with a
 * reference to their pages, so a page cannot drift from what {@code --help} prints. The daemons' options are not
 * picocli's (they parse their own, as their config files use the same names): {@code o2pool agent} and
 * {@code o2pool manager} refer to {@code o2pool-agent(8)} and {@code o2pool-manager(8)} (see {@link DaemonManPage}).
 */
final class CliManPages {
    /** Subcommands documented by a page of the daemon's package rather than by a section-1 page. */
    static final Map<String, String> DAEMON_PAGES = Map.of("agent", "o2pool-agent(8)", "manager", "o2pool-manager(8)");

    private final String version;
    private final String date;

    CliManPages(String version, String date) {
        this.version = version;
        this.date = date;
    }

    /** Page file name ({@code o2pool-server-add.1}) → page text, for {@code root} and every command below it. */
    Map<String, String> pages(CommandLine root) {
        Map<String, String> pages = new LinkedHashMap<>();
        add(root, pages);
        return pages;
    }

    private void add(CommandLine command, Map<String, String> pages) {
        CommandSpec spec = command.getCommandSpec();
        String name = pageName(spec);
        pages.put(name + ".1", page(command, name));
        for (CommandLine sub : documented(command)) {
            if (!DAEMON_PAGES.containsKey(sub.getCommandName()) || command.getParent() != null) {
                add(sub, pages);
            }
        }
    }

    private String page(CommandLine command, String name) {
        CommandSpec spec = command.getCommandSpec();
        String[] description = spec.usageMessage().description();
        Troff page = new Troff(name, 1, date, "o2pool " + version, "o2pool manual");
        page.name(name, summary(description, spec));
        page.section("SYNOPSIS").verbatim(help(spec).synopsis(0));
        if (description.length > 0) {
            page.section("DESCRIPTION").paragraph(lines(description));
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.section("OPTIONS");
            for (OptionSpec option : options) {
                page.tagged(String.join(", ", option.names()), optionLabel(option), lines(option.description()));
            }
        }
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!parameters.isEmpty()) {
            page.section("ARGUMENTS");
            for (PositionalParamSpec parameter : parameters) {
                page.tagged(parameter.paramLabel(), null, lines(parameter.description()));
            }
        }
        List<CommandLine> subs = documented(command);
        List<String> seeAlso = new ArrayList<>();
        if (!subs.isEmpty()) {
            page.section("COMMANDS");
            for (CommandLine sub : subs) {
                String subPage = command.getParent() == null && DAEMON_PAGES.containsKey(sub.getCommandName())
                        ? DAEMON_PAGES.get(sub.getCommandName()) : pageName(sub.getCommandSpec()) + "(1)";
                List<String> body = new ArrayList<>(lines(sub.getCommandSpec().usageMessage().description()));
                body.add("See " + subPage + ".");
                page.tagged(sub.getCommandName(), null, body);
                seeAlso.add(subPage);
            }
        }
        if (command.getParent() == null) {
            page.section("EXIT STATUS").paragraph(List.of(
                    "0 done, 1 failed (a watched job, a Test Connection error), 2 bad command line,",
                    "3 refused (by the manager or by the plan's findings), 4 not logged in (or the manager's",
                    "certificate is not the pinned one), 5 manager unreachable."));
            page.section("ENVIRONMENT").paragraph(List.of(
                    "O2POOL_URL, O2POOL_TOKEN and O2POOL_FINGERPRINT override the login file;",
                    "O2POOL_JAVA_OPTS adds options to the Java runtime."));
            page.section("FILES").paragraph(List.of(
                    "/usr/lib/o2pool: the program and its own Java runtime; no system JDK is needed."));
        } else {
            seeAlso.addFirst(pageName(command.getParent().getCommandSpec()) + "(1)");
        }
        page.seeAlso(seeAlso.isEmpty() ? List.of("o2pool(1)") : seeAlso);
        return page.text();
    }

    /** Subcommands worth a page: every one but picocli's {@code help}. */
    private static List<CommandLine> documented(CommandLine command) {
        return command.getSubcommands().values().stream().distinct()
                .filter(sub -> !(sub.getCommand() instanceof CommandLine.HelpCommand)).toList();
    }

    /** {@code o2pool server add} → {@code o2pool-server-add}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The first sentence of the description (without its full stop), for the NAME line. */
    static String summary(String[] description, CommandSpec spec) {
        if (description.length == 0) {
            return "the " + spec.qualifiedName(" ") + " command";
        }
        String text = String.join(" ", lines(description)).strip();
        int stop = text.indexOf(". ");
        String first = stop > 0 ? text.substring(0, stop) : text;
        first = first.endsWith(".") || first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
        return first.isEmpty() ? first : Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }

    /** Description elements as source lines: picocli's {@code %n} line breaks split, surrounding blanks dropped. */
    static List<String> lines(String[] description) {
        List<String> lines = new ArrayList<>();
        for (String element : description) {
            for (String line : element.split("%n|\n", -1)) {
                lines.add(line.strip());
            }
        }
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    private static String optionLabel(OptionSpec option) {
        if (option.arity().max() == 0) {
            return null;
        }
        return "=" + option.paramLabel();
    }

    private static Help help(CommandSpec spec) {
        return new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    }
}

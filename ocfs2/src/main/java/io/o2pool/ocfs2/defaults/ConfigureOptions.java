package io.o2pool.ocfs2.defaults;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code o2pool o2cb configure}: which file, which answers are given up front, and whether the
 * remaining questions take their current values ({@code --yes}) instead of being asked.
 *
 * @param file    the defaults file to update (default: {@link O2cbDefaultsFile#locate} of {@code /})
 * @param answers answers given as options, as the text a user would type at the prompt
 * @param yes     take the current value for every question without an option
 * @param help    only print the usage
 */
public record ConfigureOptions(Path file, Map<O2cbSetting, String> answers, boolean yes, boolean help) {

    /** The usage text printed for {@code --help} and after a command-line error. */
    public static final String USAGE = """
            usage: o2pool o2cb configure [--file PATH] [--enabled y|n] [--stack NAME] [--cluster NAME]
                                         [--heartbeat-threshold N] [--idle-timeout-ms MS]
                                         [--keepalive-delay-ms MS] [--reconnect-delay-ms MS] [--yes]
              Asks the o2cb init script's questions and writes the o2cb defaults file (default: the file the init
              script reads, /etc/sysconfig/o2cb if it exists or /etc/sysconfig is a directory, else /etc/default/o2cb).
              Each option answers its question; --yes keeps the current value of every question not answered.
            """;

    private static final Map<String, O2cbSetting> OPTIONS = Map.of(
            "--enabled", O2cbSetting.ENABLED,
            "--stack", O2cbSetting.STACK,
            "--cluster", O2cbSetting.BOOTCLUSTER,
            "--heartbeat-threshold", O2cbSetting.HEARTBEAT_THRESHOLD,
            "--idle-timeout-ms", O2cbSetting.IDLE_TIMEOUT_MS,
            "--keepalive-delay-ms", O2cbSetting.KEEPALIVE_DELAY_MS,
            "--reconnect-delay-ms", O2cbSetting.RECONNECT_DELAY_MS);

    public ConfigureOptions {
        answers = Map.copyOf(answers);
    }

    /**
     * Parses the arguments after {@code configure}; {@code --opt value} and {@code --opt=value} both work.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static ConfigureOptions parse(List<String> args) {
        Path file = null;
        Map<O2cbSetting, String> answers = new EnumMap<>(O2cbSetting.class);
        boolean yes = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "-y", "--yes" -> yes = true;
                case "-h", "--help" -> help = true;
                default -> {
                    if (!name.equals("--file") && !OPTIONS.containsKey(name)) {
                        throw new IllegalArgumentException("unknown argument: " + arg);
                    }
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    if (name.equals("--file")) {
                        file = Path.of(value);
                    } else {
                        answers.put(OPTIONS.get(name), value);
                    }
                }
            }
        }
        return new ConfigureOptions(file != null ? file : O2cbDefaultsFile.locate(Path.of("/")), answers, yes, help);
    }

    /** The option that answers {@code setting}, for messages. */
    public static String optionFor(O2cbSetting setting) {
        return OPTIONS.entrySet().stream().filter(e -> e.getValue() == setting).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }
}

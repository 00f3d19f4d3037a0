package io.o2pool.ocfs2.defaults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code o2pool o2cb configure}: the seed's step 7 ({@code /etc/init.d/o2cb configure}) with the init script's
 * prompts, defaults, error texts and re-asking, on the o2cb defaults file. The file's current values are the
 * defaults shown in brackets; options answer questions up front and {@code --yes} keeps the current value of every
 * other one, so the command also runs unattended. Unlike the script it never writes an empty value, refuses a
 * keepalive delay not below the idle timeout, and leaves the file untouched on any error.
 *
 * <p>Exit codes: 0 written, 1 refused (a bad option value, an unreadable file, input ended on an invalid combination,
 * or the write failed), 2 command-line error.
 */
public final class O2cbConfigureCommand {
    /** The text the script prints before its first question. */
    static final String INTRO = """
            Configuring the O2CB driver.

            This will configure the on-boot properties of the O2CB driver.
            The following questions will determine whether the driver is loaded on
            boot.  The current values will be shown in brackets ('[]').  Hitting
            <ENTER> without typing an answer will keep that current value.  Ctrl-C
            will abort.

            """;

    private static final List<O2cbSetting> QUESTION_ORDER = List.of(O2cbSetting.ENABLED, O2cbSetting.STACK,
            O2cbSetting.BOOTCLUSTER, O2cbSetting.HEARTBEAT_THRESHOLD, O2cbSetting.IDLE_TIMEOUT_MS,
            O2cbSetting.KEEPALIVE_DELAY_MS, O2cbSetting.RECONNECT_DELAY_MS);

    private O2cbConfigureCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code configure}
     * @param in   the answers, one per line (end of input answers like ENTER, as for the script)
     * @param out  prompts and progress ({@code Writing O2CB configuration: OK})
     * @param err  error texts
     * @return the exit code
     */
    public static int run(List<String> args, Reader in, PrintStream out, PrintStream err) {
        ConfigureOptions options;
        try {
            options = ConfigureOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("o2pool o2cb configure: " + e.getMessage());
            err.print(ConfigureOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(ConfigureOptions.USAGE);
            return 0;
        }
        O2cbDefaults current;
        try {
            current = currentValues(options.file(), err);
        } catch (O2cbDefaultsException e) {
            e.problems().forEach(err::println);
            err.println("Fix or remove " + options.file() + "; nothing was written.");
            return 1;
        } catch (IOException e) {
            err.println("Unable to read " + options.file() + ": " + e);
            return 1;
        }
        ConfigureAnswers answers = new ConfigureAnswers(current);
        if (!applyOptions(options, answers, err)) {
            return 1;
        }
        Dialog dialog = new Dialog(new BufferedReader(in), out, err, answers);
        List<O2cbSetting> asked = options.yes() ? List.of()
                : QUESTION_ORDER.stream().filter(s -> !options.answers().containsKey(s)).toList();
        if (!asked.isEmpty()) {
            out.print(INTRO);
        }
        asked.forEach(dialog::ask);
        while (answers.keepaliveProblem() != null) {
            String problem = answers.keepaliveProblem() + "; lower the keepalive delay or raise the idle timeout";
            if (!asked.contains(O2cbSetting.KEEPALIVE_DELAY_MS) || dialog.atEnd()) {
                err.println(problem);
                err.println("Nothing was written to " + options.file() + ".");
                return 1;
            }
            err.println(problem);
            dialog.ask(O2cbSetting.KEEPALIVE_DELAY_MS);
        }
        out.print("Writing O2CB configuration: ");
        try {
            O2cbDefaultsWriter.write(options.file(), answers.toDefaults());
        } catch (IOException e) {
            out.println("Failed");
            err.println("Unable to write the driver configuration: " + e);
            return 1;
        }
        out.println("OK");
        return 0;
    }

    /** The values shown as current: the file's (invalid ones replaced by defaults, with a warning) or the defaults. */
    private static O2cbDefaults currentValues(Path file, PrintStream err) throws IOException, O2cbDefaultsException {
        if (!Files.exists(file)) {
            return O2cbDefaults.defaults();
        }
        O2cbDefaultsFile.Repaired repaired = O2cbDefaultsFile.read(file).toDefaultsRepaired();
        repaired.warnings().forEach(err::println);
        return repaired.defaults();
    }

    /** Applies the answers given as options; prints every refused one and returns false if any was refused. */
    private static boolean applyOptions(ConfigureOptions options, ConfigureAnswers answers, PrintStream err) {
        boolean ok = true;
        for (O2cbSetting setting : QUESTION_ORDER) {
            String value = options.answers().get(setting);
            if (value == null) {
                continue;
            }
            if (value.isBlank()) {
                err.println(ConfigureOptions.optionFor(setting) + ": an empty value is not allowed");
                ok = false;
                continue;
            }
            try {
                answers.apply(setting, value, true);
            } catch (IllegalArgumentException e) {
                err.println(ConfigureOptions.optionFor(setting) + ": " + e.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            err.println("Nothing was written to " + options.file() + ".");
        }
        return ok;
    }

    /** Asks questions on a reader until each gets an acceptable answer; end of input counts as ENTER. */
    private static final class Dialog {
        private final BufferedReader in;
        private final PrintStream out;
        private final PrintStream err;
        private final ConfigureAnswers answers;
        private boolean atEnd;

        Dialog(BufferedReader in, PrintStream out, PrintStream err, ConfigureAnswers answers) {
            this.in = in;
            this.out = out;
            this.err = err;
            this.answers = answers;
        }

        void ask(O2cbSetting setting) {
            while (true) {
                out.print(answers.prompt(setting));
                out.flush();
                try {
                    answers.apply(setting, readLine(), false);
                    return;
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                }
            }
        }

        boolean atEnd() {
            return atEnd;
        }

        private String readLine() {
            try {
                String line = in.readLine();
                if (line == null) {
                    atEnd = true;
                    return "";
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

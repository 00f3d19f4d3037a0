package io.o2pool.ocfs2.tool;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** glibc getopt/getopt_long behaviour the tools rely on. */
class GnuGetoptTest {
    private static final List<GnuGetopt.LongOption> LONG = List.of(
            new GnuGetopt.LongOption("config-file", true, "config-file"),
            new GnuGetopt.LongOption("verbose", false, "v"),
            new GnuGetopt.LongOption("version", false, "V"));

    @Test
    void permutesOperandsToTheEndAndTakesRequiredArgumentsFromTheNextWord() {
        GnuGetopt.Parsed parsed = new GnuGetopt("p", "n:x", LONG, GnuGetopt.Ordering.PERMUTE)
                .parse(List.of("a", "-xnvalue", "b", "--config-file", "-f", "-n", "-1", "--", "-x"));
        assertThat(parsed.events()).containsExactly(new GnuGetopt.Option("x", null),
                new GnuGetopt.Option("n", "value"), new GnuGetopt.Option("config-file", "-f"),
                new GnuGetopt.Option("n", "-1"));
        assertThat(parsed.operands()).containsExactly("a", "b", "-x");
    }

    @Test
    void requireOrderStopsAtTheFirstOperand() {
        GnuGetopt.Parsed parsed = new GnuGetopt("p", "v", LONG, GnuGetopt.Ordering.REQUIRE_ORDER)
                .parse(List.of("-v", "cmd", "-v", "--config-file=x"));
        assertThat(parsed.events()).containsExactly(new GnuGetopt.Option("v", null));
        assertThat(parsed.operands()).containsExactly("cmd", "-v", "--config-file=x");
    }

    @Test
    void longOptionsMayBeAbbreviatedUnlessAmbiguous() {
        GnuGetopt getopt = new GnuGetopt("o2cb", "", LONG, GnuGetopt.Ordering.PERMUTE);
        assertThat(getopt.parse(List.of("--conf=x", "--verb")).events()).containsExactly(
                new GnuGetopt.Option("config-file", "x"), new GnuGetopt.Option("v", null));
        assertThat(getopt.parse(List.of("--v")).events()).containsExactly(new GnuGetopt.Problem(
                "o2cb: option '--v' is ambiguous; possibilities: '--verbose' '--version'", '?', false));
        assertThat(getopt.parse(List.of("--verbose=1", "--nope=2", "--config-file")).events()).containsExactly(
                new GnuGetopt.Problem("o2cb: option '--verbose' doesn't allow an argument", '?', false),
                new GnuGetopt.Problem("o2cb: unrecognized option '--nope=2'", '?', false),
                new GnuGetopt.Problem("o2cb: option '--config-file' requires an argument", '?', true));
    }

    @Test
    void withoutLongOptionsADoubleDashWordIsTheShortOptionDash() {
        GnuGetopt.Parsed parsed = new GnuGetopt("o2cb_ctl", "I-:", null, GnuGetopt.Ordering.PERMUTE)
                .parse(List.of("--version", "-q", "-"));
        assertThat(parsed.events()).containsExactly(new GnuGetopt.Option("-", "version"),
                new GnuGetopt.Problem("o2cb_ctl: invalid option -- 'q'", 'q', false));
        assertThat(parsed.operands()).containsExactly("-");
    }
}

package io.o2pool.ocfs2.defaults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code o2pool o2cb configure} fed scripted answers, compared with the recorded runs of the real init script's
 * dialog. The one deliberate difference: with no file the script offers an empty boot cluster ({@code []}) and
 * writes empty values; o2pool offers {@code [ocfs2]} and the kernel defaults, and never writes an empty value.
 */
class O2cbConfigureCommandTest {
    private static final String EMPTY_CLUSTER_PROMPT = "(Enter \"none\" to clear) []: ";
    private static final String DEFAULT_CLUSTER_PROMPT = "(Enter \"none\" to clear) [ocfs2]: ";

    @TempDir
    Path dir;

    /** A run of the command with stdout and stderr merged (as recorded) and also kept apart. */
    record Run(int exitCode, String merged, String out, String err) {
    }

    private Run configure(String answers, String... args) {
        ByteArrayOutputStream merged = new ByteArrayOutputStream();
        ByteArrayOutputStream outOnly = new ByteArrayOutputStream();
        ByteArrayOutputStream errOnly = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(merged, outOnly), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new Tee(merged, errOnly), true, StandardCharsets.UTF_8);
        int rc = O2cbConfigureCommand.run(List.of(args), new StringReader(answers), out, err);
        return new Run(rc, merged.toString(StandardCharsets.UTF_8), outOnly.toString(StandardCharsets.UTF_8),
                errOnly.toString(StandardCharsets.UTF_8));
    }

    private Path file() {
        return dir.resolve("o2cb");
    }

    @Test
    void allAnswersGivenMatchesTheRecordedDialogAndTemplate() throws IOException {
        Transcripts.ConfigureRun recorded = Transcripts.configureRun("y-all");

        Run run = configure("y\no2cb\nocfs2\n31\n30000\n2000\n2000", "--file", file().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.merged()).isEqualTo(recorded.dialog().replace(EMPTY_CLUSTER_PROMPT, DEFAULT_CLUSTER_PROMPT));
        assertThat(Files.readString(file())).isEqualTo(recorded.resultingFile())
                .isEqualTo(Transcripts.recordedFile("default-o2cb.init-configure-template"));
    }

    @Test
    void badAnswersAreReaskedWithTheScriptsErrorTexts() throws IOException {
        Transcripts.ConfigureRun recorded = Transcripts.configureRun("invalid-inputs");

        Run run = configure("x\nY\nabc\npcmk\nmy-cluster\nmycluster\n6\nabc\n7\n4999\n5000\n999\n1000\n1999\n2000",
                "--file", file().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.merged()).isEqualTo(recorded.dialog().replace(EMPTY_CLUSTER_PROMPT, DEFAULT_CLUSTER_PROMPT));
        assertThat(run.err()).isEqualTo("""
                Invalid answer: x
                Invalid answer: abc
                Invalid cluster name: my-cluster
                heartbeat dead threshold cannot be less than 7
                Invalid heartbeat dead threshold value: abc
                network idle timeout in ms cannot be less than 5000
                network keepalive delay in ms cannot be less than 1000
                network reconnect delay in ms cannot be less than 2000
                """);
        assertThat(Files.readString(file())).isEqualTo(recorded.resultingFile());
    }

    @Test
    void aStackAnswerOfOneLetterIsReasked() throws IOException {
        Transcripts.ConfigureRun recorded = Transcripts.configureRun("answers-y");

        Run run = configure("\ny\n\nocfs2\n31\n30000\n2000\n2000", "--file", file().toString());

        assertThat(run.merged()).isEqualTo(recorded.dialog().replace(EMPTY_CLUSTER_PROMPT, DEFAULT_CLUSTER_PROMPT));
        assertThat(Files.readString(file())).isEqualTo(recorded.resultingFile());
    }

    @Test
    void existingValuesAreTheDefaultsAndEnterKeepsThem() throws IOException {
        Files.writeString(file(), Transcripts.recordedFile("default-o2cb.postinst-generated"));
        Transcripts.ConfigureRun recorded = Transcripts.configureRun("keep-existing");

        Run run = configure("", "--file", file().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.merged()).isEqualTo(recorded.dialog());
        assertThat(Files.readString(file())).isEqualTo(recorded.resultingFile());
    }

    @Test
    void noFileAndOnlyEnterWritesTheDefaultsNeverEmptyValues() throws IOException {
        Transcripts.ConfigureRun recorded = Transcripts.configureRun("defaults-no-file");
        assertThat(recorded.resultingFile()).contains("O2CB_HEARTBEAT_THRESHOLD=\n");

        Run run = configure("", "--file", file().toString());

        assertThat(run.merged()).isEqualTo(recorded.dialog().replace(EMPTY_CLUSTER_PROMPT, DEFAULT_CLUSTER_PROMPT));
        String written = Files.readString(file());
        assertThat(written).isEqualTo(O2cbDefaultsWriter.render(O2cbDefaults.defaults()));
        assertThat(written.lines().filter(l -> l.endsWith("="))).isEmpty();
    }

    @Test
    void noneIsRefusedBecauseO2poolNeverWritesAnEmptyBootCluster() throws IOException {
        Files.writeString(file(), Transcripts.recordedFile("default-o2cb.postinst-generated"));

        Run run = configure("\n\nnone\nocfs2\n", "--file", file().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).startsWith("Invalid cluster name: none (o2pool never writes an empty O2CB_BOOTCLUSTER");
        assertThat(run.out()).containsSubsequence(DEFAULT_CLUSTER_PROMPT, DEFAULT_CLUSTER_PROMPT);
        assertThat(Files.readString(file())).contains("O2CB_BOOTCLUSTER=ocfs2\n");
    }

    @Test
    void optionsAnswerEverythingWithoutAsking() throws IOException {
        Run run = configure("", "--file", file().toString(), "--enabled", "y", "--stack", "o2cb", "--cluster",
                "ocfs2", "--heartbeat-threshold", "31", "--idle-timeout-ms", "30000", "--keepalive-delay-ms=2000",
                "--reconnect-delay-ms", "2000");

        assertThat(run.exitCode()).isZero();
        assertThat(run.merged()).isEqualTo("Writing O2CB configuration: OK\n");
        assertThat(Files.readString(file())).isEqualTo(
                Transcripts.recordedFile("default-o2cb.init-configure-template"));
    }

    @Test
    void yesKeepsCurrentValuesOfUnansweredQuestions() throws IOException {
        Files.writeString(file(), O2cbDefaultsWriter.render(O2cbDefaults.defaults().withTimeouts(61, 40000, 3000,
                4000)));

        Run run = configure("", "--file", file().toString(), "--yes", "--enabled", "yes", "--cluster", "pool1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.merged()).isEqualTo("Writing O2CB configuration: OK\n");
        assertThat(Files.readString(file())).isEqualTo(O2cbDefaultsWriter.render(
                new O2cbDefaults(true, "o2cb", "pool1", 61, 40000, 3000, 4000)));
    }

    @Test
    void badOptionValuesLeaveTheFileUnchanged() throws IOException {
        String before = O2cbDefaultsWriter.render(O2cbDefaults.defaults());
        Files.writeString(file(), before);

        Run run = configure("", "--file", file().toString(), "--yes", "--heartbeat-threshold", "6",
                "--idle-timeout-ms", "abc", "--enabled", "maybe", "--stack", "corosync", "--cluster", "my-cluster");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(("--enabled: Invalid answer: maybe\n"
                + "--stack: Invalid answer: corosync\n"
                + "--cluster: Invalid cluster name: my-cluster\n"
                + "--heartbeat-threshold: heartbeat dead threshold cannot be less than 7\n"
                + "--idle-timeout-ms: Invalid network idle timeout in ms value: abc\n"
                + "Nothing was written to %s.\n").formatted(file()));
        assertThat(Files.readString(file())).isEqualTo(before);
        assertThat(noTempFiles()).isTrue();
    }

    @Test
    void keepaliveNotBelowIdleIsRefusedNonInteractively() throws IOException {
        String before = O2cbDefaultsWriter.render(O2cbDefaults.defaults());
        Files.writeString(file(), before);

        Run run = configure("", "--file", file().toString(), "--yes", "--idle-timeout-ms", "5000",
                "--keepalive-delay-ms", "5000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("network keepalive delay in ms (5000) must be less than network idle"
                + " timeout in ms (5000); lower the keepalive delay or raise the idle timeout\n");
        assertThat(Files.readString(file())).isEqualTo(before);
    }

    @Test
    void keepaliveNotBelowIdleIsReaskedInteractively() throws IOException {
        Run run = configure("y\n\n\n\n5000\n6000\n\n1000\n", "--file", file().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("network keepalive delay in ms (6000) must be less than network idle timeout"
                + " in ms (5000); lower the keepalive delay or raise the idle timeout\n");
        assertThat(run.out()).endsWith("Specify network reconnect delay in ms (>=2000) [2000]: "
                + "Specify network keepalive delay in ms (>=1000) [6000]: Writing O2CB configuration: OK\n");
        assertThat(Files.readString(file())).isEqualTo(O2cbDefaultsWriter.render(
                new O2cbDefaults(true, "o2cb", "ocfs2", 31, 5000, 1000, 2000)));
    }

    @Test
    void inputEndingOnAnInvalidCombinationWritesNothing() {
        Run run = configure("y\n\n\n\n5000\n6000\n", "--file", file().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("must be less than network idle timeout in ms (5000)");
        assertThat(file()).doesNotExist();
    }

    @Test
    void invalidValuesInTheExistingFileAreReplacedByDefaultsWithAWarning() throws IOException {
        Files.writeString(file(), "O2CB_ENABLED=true\nO2CB_BOOTCLUSTER=bad-name_x\nO2CB_HEARTBEAT_THRESHOLD=3\n");

        Run run = configure("", "--file", file().toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo(("%1$s line 2: Invalid cluster name: bad-name_x (O2CB_BOOTCLUSTER=bad-name_x);"
                + " set O2CB_BOOTCLUSTER to 1-16 letters and digits, e.g. ocfs2; using the default instead\n"
                + "%1$s line 3: heartbeat dead threshold cannot be less than 7 (O2CB_HEARTBEAT_THRESHOLD=3); set"
                + " O2CB_HEARTBEAT_THRESHOLD to 7 or more (default 31); using the default instead\n").formatted(file()));
        assertThat(run.out()).contains("Load O2CB driver on boot (y/n) [y]: ", DEFAULT_CLUSTER_PROMPT,
                "Specify heartbeat dead threshold (>=7) [31]: ");
        assertThat(Files.readString(file())).isEqualTo(O2cbDefaultsWriter.render(
                O2cbDefaults.defaults().withEnabled(true)));
    }

    @Test
    void anUnreadableExistingFileIsLeftAlone() throws IOException {
        String broken = "O2CB_ENABLED=true\nthis is not shell\n";
        Files.writeString(file(), broken);

        Run run = configure("", "--file", file().toString(), "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(file() + " line 2: expected KEY=value (a shell assignment), found: this is"
                + " not shell\nFix or remove " + file() + "; nothing was written.\n");
        assertThat(Files.readString(file())).isEqualTo(broken);
    }

    @Test
    void aFailedWriteSaysSoAndExitsOne() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        Run run = configure("", "--file", notADirectory.resolve("o2cb").toString(), "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Writing O2CB configuration: Failed\n");
        assertThat(run.err()).startsWith("Unable to write the driver configuration: ");
    }

    @Test
    void commandLineErrorsAndHelp() {
        Run unknown = configure("", "--bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("o2pool o2cb configure: unknown argument: --bogus\nusage:");

        Run missing = configure("", "--cluster");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("o2pool o2cb configure: --cluster needs a value\n");

        Run help = configure("", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("usage: o2pool o2cb configure");
    }

    private boolean noTempFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(files::add);
        }
        return files.equals(List.of(file()));
    }

    /** Writes every byte to two streams, so stdout and stderr can be read apart and merged in order. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

package io.o2pool.ocfs2.defaults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading and writing the o2cb defaults file, against the files the real init script and dpkg wrote. */
class O2cbDefaultsFileTest {

    @Test
    void writerProducesTheInitScriptsTemplateByteForByte() throws IOException {
        String recorded = Transcripts.recordedFile("default-o2cb.init-configure-template");
        assertThat(O2cbDefaultsWriter.render(O2cbDefaults.defaults().withEnabled(true))).isEqualTo(recorded);
    }

    @Test
    void writerMatchesTheScriptForOtherValuesToo() throws IOException {
        Transcripts.ConfigureRun run = Transcripts.configureRun("invalid-inputs");
        assertThat(O2cbDefaultsWriter.render(new O2cbDefaults(true, "pcmk", "mycluster", 7, 5000, 1000, 2000)))
                .isEqualTo(run.resultingFile());
    }

    @Test
    void readsTheTemplate() throws Exception {
        O2cbDefaults d = O2cbDefaultsFile.parse("t", Transcripts.recordedFile("default-o2cb.init-configure-template"))
                .toDefaults();
        assertThat(d).isEqualTo(new O2cbDefaults(true, "o2cb", "ocfs2", 31, 30000, 2000, 2000));
    }

    @Test
    void readsDpkgsFileWhichHasNoStackLine() throws Exception {
        O2cbDefaultsFile f = O2cbDefaultsFile.parse("p", Transcripts.recordedFile("default-o2cb.postinst-generated"));
        assertThat(f.find(O2cbSetting.STACK)).isEmpty();
        assertThat(f.find(O2cbSetting.BOOTCLUSTER).orElseThrow().line()).isEqualTo(11);
        assertThat(f.toDefaults()).isEqualTo(O2cbDefaults.defaults());
    }

    @Test
    void emptyValuesWrittenByTheScriptMeanDefaults() throws Exception {
        String scriptOutput = Transcripts.recordedFile("default-o2cb.init-configure-all-enter-no-prior-file");
        assertThat(O2cbDefaultsFile.parse("e", scriptOutput).toDefaults()).isEqualTo(O2cbDefaults.defaults());
    }

    @Test
    void everyRefusedValueIsReportedWithItsLine() throws IOException {
        String dpkgWithBadAnswers = Transcripts.recordedFile("default-o2cb.postinst-generated")
                .replace("O2CB_ENABLED=false", "O2CB_ENABLED=yes")
                .replace("O2CB_BOOTCLUSTER=ocfs2", "O2CB_BOOTCLUSTER=bad-name_x")
                .replace("O2CB_HEARTBEAT_THRESHOLD=31", "O2CB_HEARTBEAT_THRESHOLD=3")
                .replace("O2CB_IDLE_TIMEOUT_MS=30000", "O2CB_IDLE_TIMEOUT_MS=100")
                .replace("O2CB_KEEPALIVE_DELAY_MS=2000", "O2CB_KEEPALIVE_DELAY_MS=abc")
                .replace("O2CB_RECONNECT_DELAY_MS=2000", "O2CB_RECONNECT_DELAY_MS=10");
        O2cbDefaultsFile f = parse(dpkgWithBadAnswers);

        O2cbDefaultsException e = catchThrowableOfType(O2cbDefaultsException.class, f::toDefaults);

        assertThat(e.problems()).containsExactly(
                "/etc/default/o2cb line 8: Invalid O2CB_ENABLED value: yes (O2CB_ENABLED=yes); set O2CB_ENABLED=true"
                        + " or false",
                "/etc/default/o2cb line 11: Invalid cluster name: bad-name_x (O2CB_BOOTCLUSTER=bad-name_x); set"
                        + " O2CB_BOOTCLUSTER to 1-16 letters and digits, e.g. ocfs2",
                "/etc/default/o2cb line 14: heartbeat dead threshold cannot be less than 7"
                        + " (O2CB_HEARTBEAT_THRESHOLD=3); set O2CB_HEARTBEAT_THRESHOLD to 7 or more (default 31)",
                "/etc/default/o2cb line 17: network idle timeout in ms cannot be less than 5000"
                        + " (O2CB_IDLE_TIMEOUT_MS=100); set O2CB_IDLE_TIMEOUT_MS to 5000 or more (default 30000)",
                "/etc/default/o2cb line 20: Invalid network keepalive delay in ms value: abc"
                        + " (O2CB_KEEPALIVE_DELAY_MS=abc); set O2CB_KEEPALIVE_DELAY_MS to 1000 or more (default 2000)",
                "/etc/default/o2cb line 23: network reconnect delay in ms cannot be less than 2000"
                        + " (O2CB_RECONNECT_DELAY_MS=10); set O2CB_RECONNECT_DELAY_MS to 2000 or more (default 2000)");
        O2cbDefaultsFile.Repaired repaired = f.toDefaultsRepaired();
        assertThat(repaired.defaults()).isEqualTo(O2cbDefaults.defaults());
        assertThat(repaired.warnings()).hasSize(6).allMatch(w -> w.endsWith("; using the default instead"));
    }

    @Test
    void keepaliveNotBelowIdleIsReportedOnTheKeepaliveLine() {
        O2cbDefaultsFile f = parse("O2CB_IDLE_TIMEOUT_MS=5000\n\nO2CB_KEEPALIVE_DELAY_MS=5000\n");
        assertThatThrownBy(f::toDefaults).hasMessage("/etc/default/o2cb line 3: network keepalive delay in ms (5000)"
                + " must be less than network idle timeout in ms (5000); lower O2CB_KEEPALIVE_DELAY_MS or raise"
                + " O2CB_IDLE_TIMEOUT_MS");
        assertThat(f.toDefaultsRepaired().defaults().keepaliveDelayMs()).isEqualTo(2000);
    }

    @Test
    void acceptsShellQuotingExportCommentsAndLastAssignmentWins() throws Exception {
        O2cbDefaults d = parse("""
                # comment
                   # indented comment
                export O2CB_ENABLED=true
                O2CB_STACK='pcmk'
                O2CB_BOOTCLUSTER="first"
                O2CB_BOOTCLUSTER="pool7"   # the last one wins
                O2CB_HEARTBEAT_THRESHOLD=61 # trailing comment
                O2CB_UNKNOWN_KEY=ignored
                """).toDefaults();
        assertThat(d).isEqualTo(new O2cbDefaults(true, "pcmk", "pool7", 61, 30000, 2000, 2000));
    }

    @Test
    void refusesLinesThatAreNotAssignmentsWithLineNumbers() {
        O2cbDefaultsException e = catchThrowableOfType(O2cbDefaultsException.class, () -> O2cbDefaultsFile.parse(
                "/etc/default/o2cb", "O2CB_ENABLED=true\nO2CB_STACK = o2cb\nO2CB_BOOTCLUSTER=\"ocfs2\n"
                        + "O2CB_HEARTBEAT_THRESHOLD=3 1\nrm -rf /\n"));
        assertThat(e.problems()).containsExactly(
                "/etc/default/o2cb line 2: expected KEY=value (a shell assignment), found: O2CB_STACK = o2cb",
                "/etc/default/o2cb line 3: cannot read the value of O2CB_BOOTCLUSTER (unbalanced quotes or a blank in"
                        + " an unquoted value): O2CB_BOOTCLUSTER=\"ocfs2",
                "/etc/default/o2cb line 4: cannot read the value of O2CB_HEARTBEAT_THRESHOLD (unbalanced quotes or a"
                        + " blank in an unquoted value): O2CB_HEARTBEAT_THRESHOLD=3 1",
                "/etc/default/o2cb line 5: expected KEY=value (a shell assignment), found: rm -rf /");
    }

    @Test
    void locatesTheFileLikeTheInitScript(@TempDir Path root) throws IOException {
        assertThat(O2cbDefaultsFile.locate(root)).isEqualTo(root.resolve("etc/default/o2cb"));
        Files.createDirectories(root.resolve("etc/sysconfig"));
        assertThat(O2cbDefaultsFile.locate(root)).isEqualTo(root.resolve("etc/sysconfig/o2cb"));
        Files.createDirectories(root.resolve("etc/default"));
        Files.writeString(root.resolve("etc/default/o2cb"), "");
        assertThat(O2cbDefaultsFile.locate(root)).isEqualTo(root.resolve("etc/default/o2cb"));
        Files.writeString(root.resolve("etc/sysconfig/o2cb"), "");
        assertThat(O2cbDefaultsFile.locate(root)).isEqualTo(root.resolve("etc/sysconfig/o2cb"));
    }

    @Test
    void writeIsAtomicMode644AndRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("etc/default/o2cb");
        O2cbDefaults values = new O2cbDefaults(true, "o2cb", "ocfs2", 7, 5000, 1000, 2000);

        O2cbDefaultsWriter.write(file, values);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(O2cbDefaultsFile.read(file).toDefaults()).isEqualTo(values);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("o2cb");
        Files.createDirectories(target.resolve("not-empty"));

        assertThatThrownBy(() -> O2cbDefaultsWriter.write(target, O2cbDefaults.defaults()))
                .isInstanceOf(IOException.class);

        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEqualTo(List.of(target));
        }
    }

    private static O2cbDefaultsFile parse(String text) {
        try {
            return O2cbDefaultsFile.parse("/etc/default/o2cb", text);
        } catch (O2cbDefaultsException e) {
            throw new AssertionError(e);
        }
    }
}

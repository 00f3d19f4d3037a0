package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.ConfParseException;
import io.o2pool.ocfs2.conf.ConfReader;
import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every hand-written cluster.conf (h1..h25 of transcript-handwritten-parsing.txt, and h26.. of our own)
 * through the real {@code o2cb} and through {@link O2cbTool}: the file loads in both or in neither,
 * {@code list-cluster ocfs2 --oneline} prints the same, and {@code add-node ocfs2 newnode --ip 10.9.9.9} writes the
 * same bytes with the same exit code and messages. The only differences are the deliberate ones listed here.
 */
class HandwrittenDifferentialTest {
    private static final String LOAD_ERROR = " while loading cluster configuration file ";

    /** Files where o2pool deliberately differs from ocfs2-tools 1.8.7, and why. */
    private static final Map<String, String> DELIBERATE = Map.of(
            "h19-cluster-no-name.conf", "1.8.7 crashes (SIGSEGV, exit 139) on a cluster without a name; "
                    + "o2pool rejects the file with a line/column error (both refuse it)",
            "h48-cluster-without-attributes.conf", "1.8.7 crashes (SIGSEGV, exit 139) on a cluster without a "
                    + "name; o2pool rejects the file with a line/column error (both refuse it)",
            "h47-latin1-node-name.conf", "o2pool reads names as UTF-8 and refuses the ISO-8859-1 byte; 1.8.7 "
                    + "takes any bytes",
            "h51-port-7778.conf", "add-node without --port would give the new node 7777 while the cluster uses "
                    + "7778; o2pool's same-port rule refuses it (1.8.7 writes the mismatch)");

    private final O2cbTool ours = new O2cbTool(host -> Optional.empty());

    @TempDir
    Path dir;

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(casesDir())) {
            return files.map(p -> p.getFileName().toString())
                    .sorted((a, b) -> Integer.compare(number(a), number(b))).toList().stream();
        }
    }

    @Test
    void thereAreAtLeastThirtyCasesIncludingTheTwentyFiveOfTheTranscript() throws Exception {
        List<String> names = cases().toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(30);
        for (int i = 1; i <= 25; i++) {
            String prefix = "h" + i + "-";
            assertThat(names).anyMatch(n -> n.startsWith(prefix));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadsExactlyWhenTheRealToolLoadsAndListsTheSame(String name) throws Exception {
        Path file = copy(name);
        List<String> args = List.of("--config-file=" + file, "list-cluster", "ocfs2", "--oneline");
        ExecResult real = real(args);
        ToolResult our = ours.run(args);

        boolean realLoads = real.exitCode() != 139 && !real.stderr().contains(LOAD_ERROR);
        boolean weLoad = parses(Files.readAllBytes(file));
        if (name.equals("h47-latin1-node-name.conf")) {
            assertThat(realLoads).as("1.8.7 loads it").isTrue();
            assertThat(weLoad).as(DELIBERATE.get(name)).isFalse();
            assertThat(our.stderr()).contains("not UTF-8").contains(LOAD_ERROR);
            return;
        }
        assertThat(weLoad).as("o2pool loads %s exactly when o2cb does (o2cb: %s)", name, real).isEqualTo(realLoads);
        if (realLoads) {
            assertThat(our.stdout()).isEqualTo(real.stdout());
            assertThat(withoutWarnings(our.stderr())).isEqualTo(real.stderr());
            assertThat(our.exitCode()).isEqualTo(real.exitCode());
        } else {
            assertThat(our.exitCode()).isEqualTo(1);
            assertThat(our.stderr()).startsWith("o2cb: line ").contains(LOAD_ERROR + "'" + file + "'");
            assertThat(our.stdout()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addNodeRewritesTheFileAsTheRealToolDoes(String name) throws Exception {
        byte[] original = Files.readAllBytes(casesDir().resolve(name));
        Path file = dir.resolve("cluster.conf");
        List<String> args = List.of("--config-file=" + file, "add-node", "ocfs2", "newnode", "--ip", "10.9.9.9");

        Files.write(file, original);
        ExecResult real = real(args);
        byte[] realBytes = Files.readAllBytes(file);

        Files.write(file, original);
        ToolResult our = ours.run(args);
        byte[] ourBytes = Files.readAllBytes(file);

        if (name.equals("h51-port-7778.conf") || name.equals("h47-latin1-node-name.conf")) {
            assertThat(real.exitCode()).as("1.8.7 accepts it").isZero();
            assertThat(our.exitCode()).as(DELIBERATE.get(name)).isEqualTo(1);
            assertThat(ourBytes).as("a refused change leaves the file as it was").isEqualTo(original);
            return;
        }
        assertThat(new String(ourBytes, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(realBytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (real.stderr().contains(LOAD_ERROR) || real.exitCode() == 139) {
            assertThat(our.exitCode()).as(DELIBERATE.getOrDefault(name, "load error")).isEqualTo(1);
            assertThat(our.stderr()).contains(LOAD_ERROR);
        } else {
            assertThat(our.exitCode()).isEqualTo(real.exitCode());
            assertThat(withoutWarnings(our.stderr())).isEqualTo(real.stderr());
            assertThat(our.stdout()).isEqualTo(real.stdout());
        }
    }

    private Path copy(String name) throws IOException, URISyntaxException {
        Path file = dir.resolve(name);
        Files.copy(casesDir().resolve(name), file);
        return file;
    }

    private ExecResult real(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Programs.ocfs2Tool("o2cb").toString());
        command.addAll(args);
        return Programs.run(dir, command);
    }

    private static boolean parses(byte[] content) {
        try {
            ConfReader.parse(content);
            return true;
        } catch (ConfParseException e) {
            return false;
        }
    }

    static String withoutWarnings(String stderr) {
        return stderr.lines().filter(l -> !l.startsWith("o2cb: warning: ") && !l.startsWith("o2cb_ctl: warning: "))
                .map(l -> l + "\n").reduce("", String::concat);
    }

    static Path casesDir() throws URISyntaxException {
        return Path.of(HandwrittenDifferentialTest.class.getResource("/io/o2pool/ocfs2/conf/handwritten").toURI());
    }

    private static int number(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf('-')));
    }
}

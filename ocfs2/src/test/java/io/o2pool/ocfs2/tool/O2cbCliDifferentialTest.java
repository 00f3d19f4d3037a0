package io.o2pool.ocfs2.tool;

import io.o2pool.testkit.ExecResult;
import io.o2pool.testkit.Programs;
import io.o2pool.testkit.SharedDocs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Command lines run through the real {@code o2cb} and through {@link O2cbTool} on copies of the seed's
 * cluster.conf: same stdout, same stderr, same exit code, same file afterwards, step by step. Covers option
 * parsing (getopt_long abbreviations, {@code --opt=value}, permuted operands, errors), usage texts, verbosity,
 * every verb and its messages. {@code F} in a command stands for the file; {@code ;} separates steps.
 * Strict-rule refusals are not here but in {@link ValidationTableTest} and {@link #deliberateDifferences}.
 */
class O2cbCliDifferentialTest {
    @TempDir
    Path dir;

    static Stream<Arguments> commandLines() {
        return Stream.of(
                "", "-h", "--help", "-V", "--version", "-V -h", "-x list-clusters", "--v list-clusters", "--bogus",
                "--config-file", "--config-file=F", "--config-file F list-clusters", "--config F list-clusters",
                "-v --config-file=F list-clusters", "--verb --config-file=F list-clusters",
                "--config-file=F --help=x", "--config-file=F -- list-clusters", "--config-file=F help",
                "--config-file=F LIST-clusters", "--config-file=F list-clusters extra",
                "--config-file=F list-cluster ocfs2", "--config-file=F list-cluster ocfs2 --oneline",
                "--config-file=F list-cluster --oneline ocfs2", "--config-file=F list-cluster --one ocfs2",
                "--config-file=F list-nodes ocfs2", "--config-file=F list-nodes ocfs2 --oneline",
                "--config-file=F list-heartbeats ocfs2", "--config-file=F list-heartbeats ocfs2 --oneline",
                "--config-file=F list-cluster", "--config-file=F list-cluster --oneline",
                "--config-file=F list-cluster nosuch", "--config-file=F list-nodes nosuch",
                "--config-file=F list-cluster --bogus ocfs2", "--config-file=F list-cluster ocfs2 extra",
                "--config-file=F list-cluster --oneline=1 ocfs2",
                "--config-file=F add-cluster", "--config-file=F add-cluster ocfs2",
                "--config-file=F add-cluster abcdefghijklmnop", "--config-file=F add-cluster 123 extra",
                "-v --config-file=F add-cluster c2",
                "--config-file=F remove-cluster", "--config-file=F remove-cluster nosuch",
                "--config-file=F remove-cluster ocfs2", "-v --config-file=F remove-cluster ocfs2",
                "--config-file=F add-node", "--config-file=F add-node ocfs2", "--config-file=F add-node ocfs2 x --ip",
                "--config-file=F add-node ocfs2 x --bogus 1", "--config-file=F add-node ocfs2 x --bogus --other",
                "--config-file=F add-node ocfs2 x --i 10.1.1.1 --n 7 --p 7777",
                "--config-file=F add-node --ip=10.1.1.2 ocfs2 y", "--config-file=F add-node ocfs2 z extra --ip 10.1.1.3",
                "--config-file=F add-node ocfs2 x2 --ip 10.1.1.4 --number 3x",
                "--config-file=F add-node ocfs2 nhex --number 0x10 --ip 10.0.0.4",
                "--config-file=F add-node ocfs2 noct --number 010 --ip 10.0.0.4 --port 0x1E61",
                "--config-file=F add-node ocfs2 nneg --number -1 --ip 10.0.0.2",
                "--config-file=F add-node ocfs2 nabc --number abc --ip 10.0.0.4",
                "--config-file=F add-node ocfs2 x --port abc --ip 10.0.0.4",
                "--config-file=F add-node nosuch nodeA --ip 10.0.0.9",
                "--config-file=F add-node ocfs2 vm-host03 --ip 1.2.3.4.5 --number 999",
                "--config-file=F add-node ocfs2 vm-host03 --ip 1.2.3.4 --number 999",
                "--config-file=F add-node ocfs2 vm-host02 --ip 10.0.0.7", "--config-file=F add-node ocfs2 -x --ip 1.2.3.4",
                "--config-file=F add-node ocfs2 n9 --ip=", "--config-file=F add-node ocfs2 n9 --ip 1.2.3.4 --port=abc --number xyz",
                "--config-file=F add-node ocfs2 n7 --ip 1.2.3.4 --number=5 --number=6",
                "--config-file=F add-node ocfs2 n8 --ip 1.2.3.4 --ip=1.2.3.5", "--config-file=F add-node ocfs2 -- --ip",
                "--config-file=F add-node ocfs2 localhost",
                "-vvv --config-file=F add-node ocfs2 n1 --ip 10.0.0.1", "-vv --config-file=F add-node ocfs2 n1 --ip 10.0.0.1",
                "-vvv --config-file=F add-node ocfs2 n2 --ip 10.0.0.300",
                "-vvv --config-file=F add-node ocfs2 n2 --number 1 --ip 10.0.0.3",
                "--config-file=F remove-node ocfs2", "--config-file=F remove-node ocfs2 vm-host02",
                "-v --config-file=F remove-node ocfs2 vm-host02", "--config-file=F remove-node ocfs2 nosuch",
                "--config-file=F remove-node nosuch x", "--config-file=F remove-node ocfs2 vm-host04 extra",
                "--config-file=F add-heartbeat ocfs2", "--config-file=F add-heartbeat nosuch ABC",
                "--config-file=F remove-heartbeat ocfs2", "--config-file=F remove-heartbeat ocfs2 nosuch",
                "-vvv --config-file=F add-heartbeat ocfs2 DCDA2845177F4D59A0F2DCD8DE507CC3",
                "--config-file=F heartbeat-mode ocfs2 global", "--config-file=F heartbeat-mode ocfs2 GLOBAL",
                "--config-file=F heartbeat-mode ocfs2 bogus", "--config-file=F heartbeat-mode ocfs2",
                "--config-file=F heartbeat-mode nosuch local", "-v --config-file=F heartbeat-mode ocfs2 local",
                // multi-step flows from transcript-o2cb-heartbeat.txt and transcript-o2cb-remove.txt
                "--config-file=F add-heartbeat ocfs2 77D95EF51C0149D2823674FCC162CF8B;"
                        + "--config-file=F add-heartbeat ocfs2 DCDA2845177F4D59A0F2DCD8DE507CC3;"
                        + "--config-file=F add-heartbeat ocfs2 77D95EF51C0149D2823674FCC162CF8B;"
                        + "--config-file=F heartbeat-mode ocfs2 global;--config-file=F list-heartbeats ocfs2;"
                        + "--config-file=F list-heartbeats ocfs2 --oneline;--config-file=F list-cluster ocfs2 --oneline;"
                        + "--config-file=F list-cluster ocfs2;-v --config-file=F remove-heartbeat ocfs2 77D95EF51C0149D2823674FCC162CF8B;"
                        + "--config-file=F list-heartbeats ocfs2 --oneline",
                "--config-file=F remove-node ocfs2 vm-host02;--config-file=F add-node ocfs2 newone --ip 10.0.0.50;"
                        + "--config-file=F list-nodes ocfs2 --oneline;--config-file=F remove-cluster ocfs2;"
                        + "--config-file=F list-clusters",
                "--config-file=F add-cluster a1;--config-file=F add-node a1 n1 --ip 10.0.0.1;"
                        + "--config-file=F add-heartbeat a1 0123456789ABCDEF0123456789ABCDEF;--config-file=F add-cluster b2;"
                        + "--config-file=F add-node ocfs2 n4 --ip 10.0.0.4;--config-file=F list-clusters",
                // files that do not exist
                "--config-file=F.missing list-clusters", "--config-file=F.missing add-cluster abc;"
                        + "--config-file=F.missing list-cluster abc",
                "--config-file=F.nodir/x.conf add-cluster abc",
                "--config-file=F add-cluster zzz;--config-file=F add-heartbeat zzz 0123456789ABCDEF0123456789ABCDEF;--config-file=F list-clusters")
                .map(line -> arguments(line));
    }

    @ParameterizedTest(name = "o2cb {0}")
    @MethodSource("commandLines")
    void behavesAsTheRealO2cb(String line) throws Exception {
        // both tools run in the same directory (messages name the file), each on its own copy of the state
        Path work = Files.createDirectory(dir.resolve("work"));
        Path real = Files.createDirectory(dir.resolve("real"));
        Path ours = Files.createDirectory(dir.resolve("ours"));
        Path seed = SharedDocs.ocfs2Tools("o2cb-step4-add-vm-host04.conf");
        Files.copy(seed, real.resolve("cluster.conf"));
        Files.copy(seed, ours.resolve("cluster.conf"));
        Path file = work.resolve("cluster.conf");
        O2cbTool tool = new O2cbTool(HostResolver.system());
        for (String step : line.split(";")) {
            restore(real, work);
            ExecResult expected = Programs.run(work, command(step, file, true));
            save(work, real);
            restore(ours, work);
            ToolResult actual = tool.run(command(step, file, false));
            save(work, ours);
            assertThat(actual.stdout()).as("stdout of %s", step).isEqualTo(expected.stdout());
            assertThat(actual.stderr()).as("stderr of %s", step)
                    .isEqualTo(expected.stderr().replace(Programs.ocfs2Tool("o2cb") + ":", "o2cb:"));
            assertThat(actual.exitCode()).as("exit code of %s", step).isEqualTo(expected.exitCode());
            assertThat(snapshot(ours)).as("files after %s", step).isEqualTo(snapshot(real));
        }
    }

    static Stream<Arguments> deliberateDifferences() {
        return Stream.of(
                arguments("add-node ocfs2 p0 --ip 10.0.0.7 --port 0", "port 0 is not a port"),
                arguments("add-node ocfs2 p7 --ip 10.0.0.5 --port 70000", "o2net ports are 1-65535"),
                arguments("add-node ocfs2 dup --number 3 --ip 192.168.3.153 --port 7777",
                        "two nodes on one ip:port cannot both listen"),
                arguments("add-node ocfs2 p8 --ip 10.0.0.8 --port 7778", "SPEC: the same port on every node"),
                arguments("add-node ocfs2 n4 --number 4294967295 --ip 10.0.0.5",
                        "1.8.7 truncates to -1 and picks a number; o2pool refuses the value as typed"),
                arguments("add-heartbeat ocfs2 /nonexistent/dev", "a region is a filesystem UUID"),
                arguments("add-heartbeat ocfs2 x", "a region is a filesystem UUID"),
                arguments("add-cluster --x", "the message also names the refused cluster name"),
                arguments("register-cluster ocfs2", "o2pool's o2cb does not touch the kernel"));
    }

    @ParameterizedTest(name = "o2cb {0}: {1}")
    @MethodSource("deliberateDifferences")
    void refusesOnPurposeWhatTheRealO2cbAccepts(String line, String why) throws Exception {
        Path work = dir.resolve("cluster.conf");
        Files.copy(SharedDocs.ocfs2Tools("o2cb-step4-add-vm-host04.conf"), work);
        byte[] before = Files.readAllBytes(work);
        ToolResult ours = new O2cbTool(HostResolver.system()).run(command("--config-file=F " + line, work, false));
        assertThat(ours.exitCode()).as(why).isEqualTo(1);
        assertThat(ours.stderr()).as(why).startsWith("o2cb: ");
        assertThat(Files.readAllBytes(work)).isEqualTo(before);
    }

    private static List<String> command(String step, Path file, boolean real) {
        List<String> command = new ArrayList<>();
        if (real) {
            command.add(Programs.ocfs2Tool("o2cb").toString());
        }
        Arrays.stream(step.trim().split(" ")).filter(s -> !s.isEmpty())
                .map(s -> s.equals("F") ? file.toString() : s.replace("=F", "=" + file))
                .forEach(command::add);
        return command;
    }

    /** Makes {@code work} hold exactly the files of {@code state}. */
    private static void restore(Path state, Path work) throws Exception {
        clear(work);
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : files.toList()) {
                Files.copy(f, work.resolve(f.getFileName()));
            }
        }
    }

    private static void save(Path work, Path state) throws Exception {
        restore(work, state);
    }

    private static void clear(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private static java.util.Map<String, String> snapshot(Path dir) throws Exception {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(),
                        new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}

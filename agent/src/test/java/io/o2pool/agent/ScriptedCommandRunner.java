package io.o2pool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A scripted fake of the host's programs: each expected command (exact argv) with what it does and answers, in
 * order. An unexpected command fails the test naming it; {@link #assertAllRun()} checks none is left.
 */
public final class ScriptedCommandRunner implements CommandRunner {
    private record Step(List<String> command, Function<List<String>, CommandResult> effect) {
    }

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<List<String>> ran = new ArrayList<>();

    /** Expects {@code command}; it succeeds with no output. */
    public ScriptedCommandRunner expect(String... command) {
        return expect(List.of(command), cmd -> new CommandResult(cmd, 0, "", ""));
    }

    /** Expects {@code command}; {@code effect} simulates it (e.g. creates configfs directories) and answers. */
    public ScriptedCommandRunner expect(List<String> command, Function<List<String>, CommandResult> effect) {
        script.add(new Step(List.copyOf(command), effect));
        return this;
    }

    /** Expects {@code command} to fail with {@code exitCode} and {@code stderr}. */
    public ScriptedCommandRunner expectFailure(List<String> command, int exitCode, String stderr) {
        return expect(command, cmd -> new CommandResult(cmd, exitCode, "", stderr));
    }

    @Override
    public synchronized CommandResult run(List<String> command) {
        ran.add(List.copyOf(command));
        Step next = script.poll();
        assertThat(next).as("unexpected command %s (ran so far: %s)", command, ran).isNotNull();
        assertThat(command).as("command #%d", ran.size()).isEqualTo(next.command());
        return next.effect().apply(command);
    }

    public synchronized List<List<String>> ran() {
        return List.copyOf(ran);
    }

    public synchronized void assertAllRun() {
        assertThat(script).as("expected commands that were not run").isEmpty();
    }
}

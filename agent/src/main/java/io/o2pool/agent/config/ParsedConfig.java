package io.o2pool.agent.config;

import io.o2pool.agent.stack.StackConfig;
import java.util.List;

/**
 * A configuration's two files (cluster.conf and the o2cb defaults) parsed once: the stack's view of them, or every
 * problem that keeps them from being used, each naming the file, the line and the value and saying what to change.
 * Exactly one of the two is present. Immutable.
 *
 * @param config   the stack's view, null when there are problems
 * @param problems every problem, empty when {@code config} is present
 */
public record ParsedConfig(StackConfig config, List<FieldProblem> problems) {
    public ParsedConfig {
        problems = List.copyOf(problems);
        if ((config == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a parsed configuration has either a value or problems");
        }
    }

    /** The problems' messages, one per entry. */
    public List<String> messages() {
        return problems.stream().map(FieldProblem::message).toList();
    }
}

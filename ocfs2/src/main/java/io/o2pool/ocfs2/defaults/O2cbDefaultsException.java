package io.o2pool.ocfs2.defaults;

import java.util.List;

/**
 * An o2cb defaults file that cannot be used as it is: a line that is not a shell assignment, or values the init
 * script or the kernel would refuse. Each problem is one line of text naming the file, the line number, the value
 * and what to set instead, so the message can be shown as it is.
 */
public final class O2cbDefaultsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception for one or more problems, each already naming the file and line. */
    public O2cbDefaultsException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems given");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per entry, in file order. */
    public List<String> problems() {
        return problems;
    }
}

package io.o2pool.testkit;

/** What an external program did: its exit code and everything it printed. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
        return "rc=" + exitCode + "\n[stdout]\n" + stdout + "[stderr]\n" + stderr;
    }
}

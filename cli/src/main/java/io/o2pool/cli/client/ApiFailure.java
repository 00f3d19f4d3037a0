package io.o2pool.cli.client;

/**
 * A request the manager refused or could not answer, with the HTTP status (0 when there was no answer), the field
 * the manager named (or null) and a message for the operator.
 */
public final class ApiFailure extends Exception {
    private final int status;
    private final String field;
    private final ExitCode exitCode;

    public ApiFailure(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.exitCode = null;
    }

    /** A failure on this side, before or without an HTTP answer, with the exit code it means. */
    public ApiFailure(ExitCode exitCode, String message) {
        super(message);
        this.status = 0;
        this.field = null;
        this.exitCode = exitCode;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** The exit code scripts see for this failure. */
    public ExitCode exitCode() {
        if (exitCode != null) {
            return exitCode;
        }
        if (status == 0) {
            return ExitCode.UNREACHABLE;
        }
        if (status == 401) {
            return ExitCode.UNAUTHORIZED;
        }
        return status >= 400 && status < 500 ? ExitCode.REFUSED : ExitCode.FAILED;
    }
}

package io.o2pool.cli.client;

/** Exit codes of the manager client commands, stable so that scripts can rely on them. */
public enum ExitCode {
    /** The request succeeded (for {@code job watch}: the job SUCCEEDED). */
    OK(0),
    /** The operation ran and failed: a job ended FAILED, a Test Connection found an error. */
    FAILED(1),
    /** The command line was wrong; nothing was sent. */
    USAGE(2),
    /**
     * The manager refused the request (400/404/409): the message names the field or the conflict; or {@code o2pool
     * plan} found the change refused (its ERROR findings say why).
     */
    REFUSED(3),
    /**
     * Not logged in, the token expired (401), or the manager's certificate is not the one pinned at login (or none
     * is pinned): run {@code o2pool login}; the message says which and how.
     */
    UNAUTHORIZED(4),
    /** The manager could not be reached at the URL. */
    UNREACHABLE(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}

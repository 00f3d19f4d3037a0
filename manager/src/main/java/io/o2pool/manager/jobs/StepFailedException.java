package io.o2pool.manager.jobs;

/**
 * A job step failed permanently: the message says what failed, on which server, and what to change. The engine
 * records it on the step and the job, then rolls back.
 */
public class StepFailedException extends Exception {
    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

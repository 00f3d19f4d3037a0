package io.o2pool.agent.config;

/**
 * The seam through which tests stop the agent at a {@link CrashPoint}; production uses {@link #NONE}.
 */
@FunctionalInterface
public interface CrashPoints {
    /** Does nothing: the production behaviour. */
    CrashPoints NONE = point -> { };

    /** Called when {@code point} is reached; a test implementation may never return. */
    void reached(CrashPoint point);
}

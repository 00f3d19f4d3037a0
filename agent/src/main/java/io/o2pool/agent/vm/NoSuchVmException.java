package io.o2pool.agent.vm;

/** The VM is not defined where it was looked for (this server's driver or the repository). HTTP 404. */
public final class NoSuchVmException extends RuntimeException {
    public NoSuchVmException(String message) {
        super(message);
    }
}

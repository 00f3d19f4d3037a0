package io.o2pool.agent.vm;

/** The VM driver failed or refused (virsh's error, a driver that cannot migrate); nothing more was changed. HTTP 502. */
public final class VmDriverException extends RuntimeException {
    public VmDriverException(String message) {
        super(message);
    }
}

package io.o2pool.agent.vm;

/**
 * The VM driver failed (virsh's error, an unreachable libvirt); nothing more was changed. HTTP 502. (A driver that
 * cannot migrate at all refuses with a {@link io.o2pool.agent.ConflictException}, 409 {@code cannot-migrate}.)
 */
public final class VmDriverException extends RuntimeException {
    public VmDriverException(String message) {
        super(message);
    }
}

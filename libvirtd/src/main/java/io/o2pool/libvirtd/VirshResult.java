package io.o2pool.libvirtd;

/** What one {@code virsh} run did: its exit code and everything it printed. */
public record VirshResult(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
        return "rc=" + exitCode + "\n[stdout]\n" + stdout + "[stderr]\n" + stderr;
    }
}

package io.o2pool.cli.demo;

import io.o2pool.cli.demo.DemoLayout.DemoServer;
import io.o2pool.libvirtd.LibvirtdSettings;
import io.o2pool.libvirtd.SessionLibvirtd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One session libvirtd per demo server ({@link SessionLibvirtd}), its state under {@code servers/NAME/libvirt/} of
 * the data dir and its sockets in a short {@code /tmp/o2v<PID>.<N>} folder linked from there (a data dir's path is
 * too long for UNIX sockets); server i's incoming migrations may use ports {@value #MIGRATION_PORT_BASE}+5(i-1)..+4,
 * though the agents migrate over each instance's UNIX socket and need none. Stopped by PID, guests first.
 */
final class DemoLibvirts implements AutoCloseable {
    static final int MIGRATION_PORT_BASE = 49300;
    private final List<SessionLibvirtd> started = new ArrayList<>();

    /** Starts server {@code index}'s (1-based) libvirtd, as {@code user} when given (the demo runs as root). */
    synchronized SessionLibvirtd start(DemoServer server, int index, Optional<String> user) throws IOException {
        SessionLibvirtd libvirtd = SessionLibvirtd.start(new LibvirtdSettings(server.name(), server.libvirtDir(),
                MIGRATION_PORT_BASE + 5 * (index - 1), user));
        started.add(libvirtd);
        return libvirtd;
    }

    synchronized List<SessionLibvirtd> all() {
        return List.copyOf(started);
    }

    /** Destroys every guest and stops every libvirtd (each attempted even when one fails). */
    @Override
    public synchronized void close() {
        for (SessionLibvirtd l : started) {
            try {
                l.close();
            } catch (RuntimeException e) {
                System.err.println("o2pool demo: stopping libvirtd of " + l.name() + " failed: " + e.getMessage());
            }
        }
        started.clear();
    }
}

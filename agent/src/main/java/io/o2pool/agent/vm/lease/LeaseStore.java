package io.o2pool.agent.vm.lease;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.VmLease;
import io.o2pool.agent.config.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The VM leases of one repository: {@code DIR/<vm>.json} each (absent = free), changed only inside
 * {@link #update} under the exclusive {@link Flock} of {@code DIR/.lock} (cluster-wide on OCFS2), each write atomic
 * (a new file renamed over the old one). Reads outside the lock see a whole record or none. Thread-safe per process
 * (the flock serializes processes and nodes, a monitor serializes this process's threads).
 */
public final class LeaseStore {
    private final Path dir;
    private final ObjectMapper json = Json.mapper();

    public LeaseStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The lease of {@code vm}, null when free. */
    public VmLease read(String vm) {
        Path f = dir.resolve(vm + ".json");
        try {
            return Files.exists(f) ? json.readValue(f.toFile(), VmLease.class) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lease " + f + ": " + e.getMessage()
                    + "; remove it only if no server runs VM " + vm, e);
        }
    }

    /** Every lease, by VM name. */
    public List<VmLease> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<VmLease> leases = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                VmLease l = read(f.getFileName().toString().replaceFirst("\\.json$", ""));
                if (l != null) {
                    leases.add(l);
                }
            }
            return leases;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list leases in " + dir, e);
        }
    }

    /**
     * Under the cluster-wide lock: reads {@code vm}'s lease, lets {@code change} decide the new one (null frees it;
     * the same object leaves the file alone) and writes it; returns what {@code change} returned.
     */
    public synchronized VmLease update(String vm, Function<VmLease, VmLease> change) {
        try {
            Files.createDirectories(dir);
            try (Flock lock = Flock.exclusive(dir.resolve(".lock"))) {
                VmLease current = read(vm);
                VmLease next = change.apply(current);
                if (next == current) {
                    return next;
                }
                Path f = dir.resolve(vm + ".json");
                if (next == null) {
                    Files.deleteIfExists(f);
                } else {
                    AtomicFiles.write(f, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(next), false);
                }
                return next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the lease of VM " + vm + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}

package io.o2pool.e2e.kvm;

import java.nio.file.Path;
import java.util.List;

/**
 * One guest to boot: its index (0–9; MAC addresses and the cluster address {@code 10.77.0.(10+index)} derive from it),
 * host name (= OCFS2 node name) and the raw disks it sees, {@code /dev/vda} first. Guests given the same disk file
 * share it, as servers share a SAN LUN.
 */
record GuestSpec(int index, String name, List<Path> disks) {
    /** The private cluster link every guest is on (a vde switch; nothing else is on it). */
    static final String CLUSTER_NET = "10.77.0.";

    GuestSpec {
        if (index < 0 || index > 9) {
            throw new IllegalArgumentException("guest index " + index + " must be 0-9");
        }
        if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("guest name '" + name + "' must be a short lower-case host name");
        }
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("guest " + name + " needs at least one disk");
        }
        disks = List.copyOf(disks);
    }

    GuestSpec(int index, String name, Path... disks) {
        this(index, name, List.of(disks));
    }

    /** The guest's address on the cluster link, where o2net listens on the cluster's ip_port. */
    String clusterIp() {
        return CLUSTER_NET + (10 + index);
    }
}

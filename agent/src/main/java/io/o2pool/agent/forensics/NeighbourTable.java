package io.o2pool.agent.forensics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kernel's IPv4 neighbour table as {@code /proc/net/arp} prints it, read to find a netconsole receiver's MAC
 * after one packet was sent to it (netpoll does no ARP itself). Lines:
 * {@code IP address  HW type  Flags  HW address  Mask  Device}; flags {@code 0x0} is an incomplete entry.
 */
public final class NeighbourTable {
    /** One complete entry. */
    public record Neighbour(String ip, String mac, String device) {
    }

    private final Path arpFile;

    public NeighbourTable(Path arpFile) {
        this.arpFile = arpFile;
    }

    /** The complete entry for {@code ip}, or empty (no entry yet, or still incomplete). */
    public Optional<Neighbour> lookup(String ip) throws IOException {
        if (!Files.isReadable(arpFile)) {
            return Optional.empty();
        }
        return parse(Files.readAllLines(arpFile)).stream().filter(n -> n.ip().equals(ip)).findFirst();
    }

    /** The complete entries of {@code /proc/net/arp} text (header skipped). */
    static List<Neighbour> parse(List<String> lines) {
        return lines.stream().skip(1).map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+"))
                .filter(f -> f.length >= 6 && !f[2].equals("0x0") && !f[3].equals("00:00:00:00:00:00"))
                .map(f -> new Neighbour(f[0], f[3].toLowerCase(Locale.ROOT), f[5])).toList();
    }
}

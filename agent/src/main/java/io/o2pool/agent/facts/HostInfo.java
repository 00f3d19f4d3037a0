package io.o2pool.agent.facts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the host is: its name (the kernel's, as o2cb matches the local node), IPv4 addresses, OS and kernel release.
 * Read fresh from {@code /proc} and the JDK's interface list on each call; an interface so tests can fake it.
 */
public interface HostInfo {
    String hostName();

    /** The IPv4 addresses on local interfaces, loopback included. */
    List<String> addresses();

    /** Whether {@code address} is local: on an interface, or anywhere in 127.0.0.0/8 when loopback is up (Linux routes it all to lo). */
    boolean isLocal(InetAddress address);

    String os();

    String kernel();

    /** The real host. */
    static HostInfo system() {
        return new SystemHostInfo();
    }

    /** {@link HostInfo} read from the running Linux system. */
    final class SystemHostInfo implements HostInfo {
        @Override
        public String hostName() {
            return read(Path.of("/proc/sys/kernel/hostname")).orElseGet(() -> {
                try {
                    return InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    return "localhost";
                }
            });
        }

        @Override
        public List<String> addresses() {
            List<String> result = new ArrayList<>();
            for (InterfaceAddress a : interfaceAddresses()) {
                if (a.getAddress() instanceof java.net.Inet4Address) {
                    result.add(a.getAddress().getHostAddress());
                }
            }
            return result;
        }

        @Override
        public boolean isLocal(InetAddress address) {
            for (InterfaceAddress a : interfaceAddresses()) {
                if (a.getAddress().equals(address)) {
                    return true;
                }
                if (address.isLoopbackAddress() && a.getAddress().isLoopbackAddress()
                        && a.getAddress() instanceof java.net.Inet4Address && a.getNetworkPrefixLength() <= 8) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String os() {
            return read(Path.of("/etc/os-release")).flatMap(text -> text.lines()
                    .filter(l -> l.startsWith("PRETTY_NAME=")).findFirst()
                    .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")))
                    .orElse(System.getProperty("os.name"));
        }

        @Override
        public String kernel() {
            return read(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version"));
        }

        private static List<InterfaceAddress> interfaceAddresses() {
            List<InterfaceAddress> all = new ArrayList<>();
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (nic.isUp()) {
                        all.addAll(nic.getInterfaceAddresses());
                    }
                }
            } catch (SocketException e) {
                // no interfaces readable: report none
            }
            return all;
        }

        private static Optional<String> read(Path file) {
            try {
                return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}

package io.o2pool.ocfs2.tool;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds a host's IPv4 address, as {@code o2cb add-node} does with {@code getaddrinfo(AF_INET)} when no
 * {@code --ip} is given. An interface so tests need no DNS.
 */
@FunctionalInterface
public interface HostResolver {
    /** The first IPv4 address of {@code host} in dotted-quad form, or empty if it has none. */
    Optional<String> ipv4Address(String host);

    /** The system resolver (hosts file, then DNS); may block while DNS answers. */
    static HostResolver system() {
        return host -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(host)).filter(a -> a instanceof Inet4Address)
                        .map(InetAddress::getHostAddress).findFirst();
            } catch (UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
        };
    }
}

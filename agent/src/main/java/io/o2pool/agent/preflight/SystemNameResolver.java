package io.o2pool.agent.preflight;

import io.o2pool.ocfs2.hosts.NameResolver;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link NameResolver} backed by the system resolver ({@code getaddrinfo} through {@link InetAddress}), for the
 * names the hosts file does not list. A lookup that does not answer within the timeout counts as "unknown", so a
 * dead DNS server cannot stall a preflight. Thread-safe.
 */
public final class SystemNameResolver implements NameResolver {
    private final Duration timeout;

    public SystemNameResolver(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public List<String> ipv4Addresses(String hostName) {
        CompletableFuture<List<String>> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("resolve-" + hostName).start(() -> {
            try {
                lookup.complete(Arrays.stream(InetAddress.getAllByName(hostName))
                        .filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).toList());
            } catch (UnknownHostException | SecurityException e) {
                lookup.complete(List.of());
            }
        });
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}

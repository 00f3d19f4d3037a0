package io.o2pool.manager.tls;

import io.o2pool.agent.tls.SelfSignedCertificates;
import io.o2pool.agent.tls.SelfSignedCertificates.Purpose;
import io.o2pool.agent.tls.TlsIdentity;
import io.o2pool.agent.tls.TlsIdentityFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The manager's own key pair and self-signed certificate (EC P-256, ten years, usable as TLS server and client), kept
 * in {@code DATA/tls/manager-key.pem} (mode 0600) and {@code DATA/tls/manager-cert.pem}: made at the first start and
 * reused, so the fingerprint the CLI pinned stays the same across restarts. The HTTPS listener presents it unless
 * {@code --tls-cert} gives another certificate (see {@link ServedCertificate}); agent enrolment with mutual TLS
 * presents it as the manager's client certificate, which is why it exists even then, and even with
 * {@code --insecure-http}: a web certificate from a CA is renewed every few months, the identity agents pin must not.
 * Immutable.
 */
public final class ManagerIdentity {
    private static final String ORGANIZATION = "o2pool manager";

    private final TlsIdentity tls;
    private final TlsIdentityFiles files;
    private final boolean createdNow;

    private ManagerIdentity(TlsIdentity tls, TlsIdentityFiles files, boolean createdNow) {
        this.tls = tls;
        this.files = files;
        this.createdNow = createdNow;
    }

    /** The files of the identity in {@code dataDir}. */
    public static TlsIdentityFiles files(Path dataDir) {
        Path dir = dataDir.resolve("tls");
        return new TlsIdentityFiles(dir.resolve("manager-key.pem"), dir.resolve("manager-cert.pem"));
    }

    /**
     * Reads the identity in {@code dataDir}, or makes one named for this host, {@code localhost} and the addresses the
     * manager listens on ({@code listenHost}: a literal address, a host name, or a wildcard meaning every interface),
     * so that {@code curl --cacert DATA/tls/manager-cert.pem https://ADDRESS:PORT/} verifies. An identity that cannot
     * be read fails with the file at fault and the way out (move {@code DATA/tls} away; clients re-pin).
     */
    public static ManagerIdentity loadOrCreate(Path dataDir, String listenHost, Clock clock) throws IOException {
        TlsIdentityFiles files = files(dataDir);
        if (files.exists()) {
            try {
                return new ManagerIdentity(files.load(), files, false);
            } catch (IOException e) {
                throw new IOException("the manager's key pair in " + files.keyFile().getParent() + " cannot be used: "
                        + e.getMessage() + "; restore it from a backup, or move the directory away to make a new"
                        + " one (every CLI then has to log in again with the new fingerprint)", e);
            }
        }
        List<String> dns = new ArrayList<>(List.of("localhost"));
        List<InetAddress> addresses = new ArrayList<>();
        addressesOf(listenHost, dns, addresses);
        TlsIdentity created = SelfSignedCertificates.create(new SelfSignedCertificates.Subject(ORGANIZATION,
                localHostName(), dns, addresses, EnumSet.of(Purpose.SERVER, Purpose.CLIENT)), clock,
                new SecureRandom());
        files.store(created);
        return new ManagerIdentity(created, files, true);
    }

    public TlsIdentity tls() {
        return tls;
    }

    public PrivateKey privateKey() {
        return tls.privateKey();
    }

    public X509Certificate certificate() {
        return tls.certificate();
    }

    /** The SHA-256 fingerprint, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public String fingerprint() {
        return tls.fingerprint();
    }

    /** {@code DATA/tls/manager-cert.pem}: what {@code curl --cacert} and a browser's import take. */
    public Path certificateFile() {
        return files.certificateFile();
    }

    public Path keyFile() {
        return files.keyFile();
    }

    /** Whether this start made the key pair (the first start, or after {@code DATA/tls} was moved away). */
    public boolean createdNow() {
        return createdNow;
    }

    @Override
    public String toString() {
        return "ManagerIdentity[" + certificateFile() + ", " + fingerprint() + "]";
    }

    private static void addressesOf(String listenHost, List<String> dns, List<InetAddress> addresses)
            throws UnknownHostException {
        Set<InetAddress> found = new LinkedHashSet<>();
        found.add(InetAddress.getByName("127.0.0.1"));
        found.add(InetAddress.getByName("::1"));
        InetAddress[] listen = InetAddress.getAllByName(listenHost);
        boolean literal = listenHost.contains(":") || listenHost.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!literal) {
            dns.add(listenHost);
        }
        for (InetAddress a : listen) {
            if (a.isAnyLocalAddress()) {
                found.addAll(interfaceAddresses());
            } else {
                found.add(a);
            }
        }
        addresses.addAll(found);
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> result = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                nic.getInterfaceAddresses().forEach(a -> {
                    if (!a.getAddress().isLinkLocalAddress()) {
                        result.add(a.getAddress());
                    }
                });
            }
        } catch (SocketException e) {
            // no interface list: loopback only
        }
        return result;
    }

    private static String localHostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException notLinux) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

package io.o2pool.agent.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;

/**
 * Loads the agent's TLS identity from {@code STATE/tls/} ({@code agent-key.pem} mode 0600, {@code agent-cert.pem}),
 * creating it on first start, so the fingerprint the manager pinned stays the same across restarts. The files and
 * the certificate are made by agent-api's {@link TlsIdentityFiles} and {@link SelfSignedCertificates}, which the
 * manager uses for its own.
 */
public final class TlsIdentityStore {
    private final TlsIdentityFiles files;

    public TlsIdentityStore(Path stateDir) {
        Path dir = stateDir.resolve("tls");
        this.files = new TlsIdentityFiles(dir.resolve("agent-key.pem"), dir.resolve("agent-cert.pem"));
    }

    public Path certificateFile() {
        return files.certificateFile();
    }

    /** Whether an identity already exists (so a start will not create a new fingerprint). */
    public boolean exists() {
        return files.exists();
    }

    /** Returns the stored identity, creating and storing a new one (named for the host) if there is none. */
    public TlsIdentity loadOrCreate(String hostName, List<InetAddress> addresses, Clock clock) throws IOException {
        if (exists()) {
            return load();
        }
        return files.loadOrCreate(() -> SelfSignedCertificates.create(new SelfSignedCertificates.Subject(
                "o2pool agent", hostName, List.of(), addresses, EnumSet.of(SelfSignedCertificates.Purpose.SERVER)),
                clock, new SecureRandom()));
    }

    /** Reads the stored key and certificate; the message names the file that is damaged. */
    public TlsIdentity load() throws IOException {
        try {
            return files.load();
        } catch (IOException e) {
            throw new IOException("damaged TLS identity in " + files.keyFile().getParent() + " (" + e.getMessage()
                    + "); move the directory away to create a new certificate, then re-pin its fingerprint", e);
        }
    }
}

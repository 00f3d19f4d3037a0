package io.o2pool.manager.tls;

import io.o2pool.agent.tls.TlsIdentity;
import io.o2pool.agent.tls.TlsIdentityFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The certificate the manager's HTTPS listener presents, where it comes from and the file a client can trust it by.
 *
 * @param identity the key and chain the listener presents
 * @param certificateFile the PEM file holding the chain ({@code curl --cacert FILE} for a self-signed one)
 * @param source how it was chosen
 */
public record ServedCertificate(TlsIdentity identity, Path certificateFile, Source source) {

    /** Where the served certificate comes from; the start-up notice says it. */
    public enum Source {
        /** The manager's own self-signed certificate, made at this start: clients have to pin it now. */
        SELF_SIGNED_CREATED,
        /** The manager's own self-signed certificate from an earlier start: the fingerprint clients pinned. */
        SELF_SIGNED_KEPT,
        /** {@code --tls-cert}/{@code --tls-key}: the operator's certificate (the CLI still pins its fingerprint). */
        GIVEN
    }

    /** The manager's own certificate. */
    public static ServedCertificate own(ManagerIdentity identity) {
        return new ServedCertificate(identity.tls(), identity.certificateFile(),
                identity.createdNow() ? Source.SELF_SIGNED_CREATED : Source.SELF_SIGNED_KEPT);
    }

    /** The operator's certificate chain and key; fails naming the file at fault. */
    public static ServedCertificate given(Path certificateFile, Path keyFile) throws IOException {
        try {
            return new ServedCertificate(new TlsIdentityFiles(keyFile, certificateFile).load(), certificateFile,
                    Source.GIVEN);
        } catch (IOException e) {
            throw new IOException("--tls-cert " + certificateFile + " / --tls-key " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    public String fingerprint() {
        return identity.fingerprint();
    }

    /** The start-up notice: which certificate, where, and its fingerprint. */
    public String describe() {
        String where = "certificate in " + certificateFile;
        String what = switch (source) {
            case SELF_SIGNED_CREATED -> "self-signed " + where + " (created now)";
            case SELF_SIGNED_KEPT -> "self-signed " + where;
            case GIVEN -> where + " (" + identity.certificate().getSubjectX500Principal().getName()
                    + ", from --tls-cert)";
        };
        return what + ", SHA-256 fingerprint " + fingerprint();
    }
}

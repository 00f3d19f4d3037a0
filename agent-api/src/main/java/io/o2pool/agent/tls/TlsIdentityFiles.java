package io.o2pool.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS identity as two PEM files, the format {@code openssl} and {@code curl} read: the private key (unencrypted
 * PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, mode 0600 from the moment it is created) and the certificate chain
 * (its own certificate first). The agent keeps its identity in {@code STATE/tls/}, the manager in
 * {@code DATA/tls/} or where {@code --tls-cert}/{@code --tls-key} point. Each file is replaced atomically, the key
 * before the certificate: a crash between the two leaves an unmatched pair, which {@link #load()} refuses, so the
 * caller can make a new one. Messages name the file at fault and what to do.
 */
public final class TlsIdentityFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
            Pattern.DOTALL);
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path keyFile;
    private final Path certificateFile;

    public TlsIdentityFiles(Path keyFile, Path certificateFile) {
        this.keyFile = keyFile;
        this.certificateFile = certificateFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    public Path certificateFile() {
        return certificateFile;
    }

    /** Whether both files exist (so loading will not create a new fingerprint). */
    public boolean exists() {
        return Files.isRegularFile(keyFile) && Files.isRegularFile(certificateFile);
    }

    /** The stored identity, or a new one from {@code create}, stored first, when there is none. */
    public TlsIdentity loadOrCreate(Supplier<TlsIdentity> create) throws IOException {
        if (exists()) {
            return load();
        }
        TlsIdentity identity = create.get();
        store(identity);
        return identity;
    }

    /** Writes the key (mode 0600) and then the chain, each atomically. */
    public void store(TlsIdentity identity) throws IOException {
        writeAtomically(keyFile, pem("PRIVATE KEY", identity.privateKey().getEncoded()), true);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : identity.chain()) {
            try {
                chain.append(new String(pem("CERTIFICATE", c.getEncoded()), StandardCharsets.US_ASCII));
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot encode the certificate " + c.getSubjectX500Principal(), e);
            }
        }
        writeAtomically(certificateFile, chain.toString().getBytes(StandardCharsets.US_ASCII), false);
    }

    /**
     * Reads the key and the chain and checks that the key belongs to the first certificate; an
     * {@link IOException} names the file and what is wrong with it.
     */
    public TlsIdentity load() throws IOException {
        List<X509Certificate> chain = readChain();
        PrivateKey key = readKey(chain.getFirst());
        if (!belongsTo(key, chain.getFirst())) {
            throw new IOException("the private key in " + keyFile + " does not belong to the certificate in "
                    + certificateFile + " (the first certificate of the file must be the server's own)");
        }
        return new TlsIdentity(key, chain);
    }

    private List<X509Certificate> readChain() throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(certificateFile)) {
                if (b.type().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(certificateFile + " holds a damaged certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(certificateFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private PrivateKey readKey(X509Certificate certificate) throws IOException {
        List<Block> blocks = blocks(keyFile);
        for (Block b : blocks) {
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    try {
                        return KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                                .generatePrivate(new PKCS8EncodedKeySpec(b.der()));
                    } catch (GeneralSecurityException | IllegalArgumentException e) {
                        throw new IOException(keyFile + " holds a damaged or mismatched "
                                + certificate.getPublicKey().getAlgorithm() + " private key: " + e.getMessage(), e);
                    }
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(keyFile + " holds an encrypted key, which a"
                        + " daemon cannot unlock at start; decrypt it (openssl pkcs8 -in " + keyFile
                        + " -out KEY.pem), keep the result at mode 0600 and give that file");
                case "EC PRIVATE KEY", "RSA PRIVATE KEY" -> throw new IOException(keyFile + " holds a "
                        + b.type() + " (the traditional OpenSSL format); convert it to PKCS#8: openssl pkcs8 -topk8"
                        + " -nocrypt -in " + keyFile + " -out KEY.pem, and give KEY.pem (mode 0600)");
                default -> {
                    // parameters or other blocks beside the key are skipped
                }
            }
        }
        throw new IOException(keyFile + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // an algorithm we cannot probe: the TLS handshake will tell
        }
        try {
            byte[] probe = "o2pool key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + " is not a PEM file (it holds non-ASCII bytes; DER? convert it with"
                    + " openssl x509 -inform der / openssl pkcs8 -inform der)", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip())));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the " + m.group(1) + " block is not valid Base64", e);
            }
        }
        return blocks;
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes a temporary file beside {@code target} (created 0600 when {@code secret}, so the key is never readable
     * by others, even for a moment), fsyncs it and renames it over {@code target}.
     */
    private static void writeAtomically(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(target.getFileName() + ".o2pool-tmp");
        Files.deleteIfExists(temp);
        try (FileChannel channel = secret && posix(dir)
                ? FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        OWNER_ONLY)
                : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot write " + target + ": " + temp + " appeared while writing", e);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

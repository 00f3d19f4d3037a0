package io.o2pool.cli.client;

/**
 * What the CLI says when the manager's certificate is not the one it pinned, or when nothing is pinned yet: the
 * expected and the seen fingerprints, the likely causes and the exact commands that check and fix it. Shared by
 * every command (through {@link ManagerApi}) and {@code o2pool login}.
 */
final class PinnedManager {
    private PinnedManager() {
    }

    /** The manager at {@code url} presented {@code seen} where {@code pinned} was expected. */
    static String changed(String url, String pinned, String seen) {
        return "the manager at " + url + " presents a certificate with SHA-256 fingerprint\n  " + seen
                + "\nbut the fingerprint pinned for it (at o2pool login, or in O2POOL_FINGERPRINT) is\n  " + pinned
                + "\nSomeone may be intercepting the connection, or the manager's certificate was replaced (its"
                + " DATA/tls moved away, or another --tls-cert). Check the fingerprint on the manager's host:"
                + " o2pool manager --data-dir DIR --print-fingerprint (it is also printed at every start)."
                + " Only if it is the one above, pin it: o2pool login --url " + url + " --fingerprint " + seen;
    }

    /** An {@code https:} URL for which no fingerprint is pinned. */
    static String nonePinned(String url) {
        return "no certificate fingerprint is pinned for " + url + "; run o2pool login --url " + url
                + " (it shows the manager's fingerprint to confirm), or set O2POOL_FINGERPRINT";
    }

    /** The fingerprint the manager at {@code url} presents is not the one the operator gave. */
    static String notGiven(String url, String given, String seen) {
        return "the manager at " + url + " presents a certificate with SHA-256 fingerprint\n  " + seen
                + "\nnot the one given with --fingerprint (or O2POOL_FINGERPRINT)\n  " + given
                + "\nCheck the URL and the fingerprint on the manager's host: o2pool manager --data-dir DIR"
                + " --print-fingerprint; nothing was sent and nothing was saved";
    }
}

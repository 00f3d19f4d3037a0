package io.o2pool.ocfs2.conf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads cluster.conf text exactly as leniently as ocfs2-tools 1.8.7 ({@code o2cb --config-file=F list-cluster}):
 * a file it loads loads here, with a {@link ConfWarning} for each value o2pool's strict rules refuse; a file it
 * rejects is a {@link ConfParseException} saying where and what was expected instead of "Unknown code ____ 251".
 * Deliberate differences: a missing cluster name is an error here (1.8.7 crashes), and names must be UTF-8.
 * Thread-safe (stateless).
 */
public final class ConfReader {
    private ConfReader() {
    }

    /** Loads the bytes of a cluster.conf. */
    public static LoadedConf parse(byte[] content) throws ConfParseException {
        List<Stanza> stanzas = StanzaParser.parse(content);
        return ConfLoader.load(stanzas);
    }

    /** Loads cluster.conf text (encoded as UTF-8 first, as it would be on disk). */
    public static LoadedConf parse(String content) throws ConfParseException {
        return parse(content.getBytes(StandardCharsets.UTF_8));
    }
}

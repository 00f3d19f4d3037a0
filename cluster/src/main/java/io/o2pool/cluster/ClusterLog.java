package io.o2pool.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel-style log lines of one node: the texts are the kernel's {@code printk}/{@code mlog} formats
 * (so operators who know o2cb recognise them), each prefixed with the local node's name, sent to SLF4J and
 * kept in a bounded in-memory ring shared by all components of the node, so tests, fence records and the
 * agent can show the last lines. Thread-safe.
 */
public final class ClusterLog {
    private static final int KEPT_LINES = 512;

    private final String localNode;
    private final Logger logger;
    private final Deque<String> ring;

    /** A log for the node named {@code localNode}, written to the SLF4J logger of {@code component}. */
    public ClusterLog(String localNode, Class<?> component) {
        this(localNode, LoggerFactory.getLogger(component), new ArrayDeque<>());
    }

    private ClusterLog(String localNode, Logger logger, Deque<String> ring) {
        this.localNode = localNode;
        this.logger = logger;
        this.ring = ring;
    }

    /** A log sharing this one's ring of lines, written to the SLF4J logger of another component. */
    public ClusterLog forComponent(Class<?> component) {
        return new ClusterLog(localNode, LoggerFactory.getLogger(component), ring);
    }

    /** A notice ({@code KERN_NOTICE}), formatted with {@link String#format}. */
    public void notice(String format, Object... args) {
        String line = String.format(format, args);
        logger.info("[{}] {}", localNode, line);
        keep(line);
    }

    /** An error ({@code ML_ERROR}), formatted with {@link String#format}. */
    public void error(String format, Object... args) {
        String line = String.format(format, args);
        logger.error("[{}] {}", localNode, line);
        keep(line);
    }

    /** A debug line ({@code ML_HEARTBEAT}/{@code ML_CONN}/{@code ML_QUORUM}); not kept in the ring. */
    public void debug(String format, Object... args) {
        if (logger.isDebugEnabled()) {
            logger.debug("[{}] {}", localNode, String.format(format, args));
        }
    }

    /** The last notice and error lines, oldest first (without the node prefix). */
    public List<String> lines() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }

    /** True when some kept line contains {@code text}. */
    public boolean contains(String text) {
        return lines().stream().anyMatch(l -> l.contains(text));
    }

    /** The local node's name that prefixes every line. */
    public String localNode() {
        return localNode;
    }

    private void keep(String line) {
        synchronized (ring) {
            ring.addLast(line);
            while (ring.size() > KEPT_LINES) {
                ring.removeFirst();
            }
        }
    }
}

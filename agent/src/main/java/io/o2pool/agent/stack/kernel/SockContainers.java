package io.o2pool.agent.stack.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /sys/kernel/debug/o2net/sock_containers} ({@code fs/ocfs2/cluster/netdebug.c}): one block per o2net socket
 * with the remote node's name, whether its handshake passed and the times of its last events. The {@code ... usecs}
 * values are absolute monotonic times ({@code ktime_to_us(sc->sc_tv_*)}), not ages: {@code data ready} is when data
 * last arrived from the peer (a keepalive at the least), so its age is the monotonic clock now minus it. Pure.
 */
public final class SockContainers {
    private static final Pattern FIELD = Pattern.compile("^\\s*([a-z ]+):\\s*(.*?)\\s*$");

    /**
     * One socket container.
     *
     * @param remoteNode   the peer's node name
     * @param local        local address:port
     * @param remote       remote address:port
     * @param handshakeOk  the o2net handshake passed
     * @param dataReadyUs  monotonic µs when data last arrived from the peer
     * @param timerUs      monotonic µs when the idle timer was last reset
     */
    public record Container(String remoteNode, String local, String remote, boolean handshakeOk, long dataReadyUs,
            long timerUs) {

        /** ms since data last arrived, at monotonic {@code nowUs}. */
        public long lastMessageAgeMs(long nowUs) {
            return Math.max(0, (nowUs - dataReadyUs) / 1000);
        }
    }

    private SockContainers() {
    }

    /** Every container in the file's text; a block without a remote node name is skipped. */
    public static List<Container> parse(String text) {
        List<Container> out = new ArrayList<>();
        String node = null;
        String local = null;
        String remote = null;
        boolean handshake = false;
        long dataReady = 0;
        long timer = 0;
        boolean open = false;
        for (String line : text.lines().toList()) {
            if (line.matches("^[0-9a-fA-F]+:\\s*$")) {
                if (open && node != null) {
                    out.add(new Container(node, local, remote, handshake, dataReady, timer));
                }
                open = true;
                node = local = remote = null;
                handshake = false;
                dataReady = timer = 0;
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (!open || !m.matches()) {
                continue;
            }
            String value = m.group(2);
            switch (m.group(1).strip()) {
                case "remote node" -> node = value;
                case "handshake ok" -> handshake = value.equals("1");
                case "data ready" -> dataReady = usecs(value);
                case "timer" -> timer = usecs(value);
                case "sock" -> {
                    String[] ends = value.split("\\s*->\\s*");
                    if (ends.length == 2) {
                        local = ends[0];
                        remote = ends[1];
                    }
                }
                default -> { }
            }
        }
        if (open && node != null) {
            out.add(new Container(node, local, remote, handshake, dataReady, timer));
        }
        return out;
    }

    private static long usecs(String value) {
        return Long.parseLong(value.replace("usecs", "").strip());
    }
}

package io.o2pool.e2e.kvm;

import io.o2pool.cluster.run.ClusterRunner;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of an o2pool userspace node in a guest, in place of the guest's kernel o2cb stack: {@code ClusterRunner}
 * (what {@code o2pool cluster run} runs) on the guest's jlinked Java with {@code --config /etc/ocfs2/cluster.conf
 * --o2cb /etc/default/o2cb --node <host name> --image <device> --events json} and the default fence method
 * {@code stop} (it fences by stopping its heartbeat and o2net uncleanly and exits {@value ClusterRunner#EXIT_FENCED}).
 * In the guest's {@code dir}: the events ({@code u.events}), its log ({@code u<N>.log}, logback, DEBUG for
 * {@code io.o2pool}), its pid ({@code u.pid}) and, once it exited, its exit code ({@code u.rc}). Stopped by its pid.
 * The guest must not run the kernel's o2cb cluster at the same time (o2net's address and port are the node's).
 */
final class UserspaceNode {
    private static final Pattern EVENT = Pattern.compile(
            "\\{\"time\": \"[^\"]*\", \"node\": \"[^\"]*\", \"peer\": \"([^\"]*)\", \"event\": \"([a-z-]+)\", "
            + "\"reason\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Guest guest;
    private final String dir;
    private final String log;

    private UserspaceNode(Guest guest, String dir, int start) {
        this.guest = guest;
        this.dir = dir;
        this.log = dir + "/u" + start + ".log";
    }

    /** Starts the node on {@code device} in {@code guest}; {@code start} numbers its log file. */
    static UserspaceNode start(Guest guest, String dir, String device, int start) {
        UserspaceNode node = new UserspaceNode(guest, dir, start);
        String pid = guest.execOk("mkdir -p " + dir + " && " + logbackConfig(dir)
                + "rm -f " + dir + "/u.rc " + dir + "/u.pid;"
                + " setsid sh -c 'o2pool-java"
                + " -Dlogback.configurationFile=" + dir + "/logback.xml " + ClusterRunner.class.getName()
                + " --config /etc/ocfs2/cluster.conf --o2cb /etc/default/o2cb --node " + guest.name()
                + " --image " + device + " --events json > " + dir + "/u.events 2> " + node.log
                + " < /dev/null & echo $! > " + dir + "/u.pid; wait $!; echo $? > " + dir + "/u.rc'"
                + " > /dev/null 2>&1 < /dev/null &"
                + " i=0; while [ ! -s " + dir + "/u.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done;"
                + " cat " + dir + "/u.pid").strip();
        System.out.println("[kvm] o2pool node " + guest.name() + " started (ClusterRunner pid " + pid + ", " + device
                + ")");
        return node;
    }

    /** ClusterRunner's logs to stderr (logback's default would mix them into the events on stdout). */
    private static String logbackConfig(String dir) {
        return "cat > " + dir + "/logback.xml <<'EOF'\n<configuration>\n"
                + "  <appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target>\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %msg%n</pattern></encoder></appender>\n"
                + "  <logger name=\"io.o2pool\" level=\"DEBUG\"/>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"E\"/></root>\n</configuration>\nEOF\n";
    }

    /**
     * A script that stops whatever userspace node runs from {@code dir} in a guest (SIGTERM, then SIGKILL after 20 s)
     * and waits for it; nothing when none runs.
     */
    static String stopScript(String dir) {
        return "p=$(cat " + dir + "/u.pid 2>/dev/null); if [ -n \"$p\" ] && [ ! -f " + dir + "/u.rc ]; then"
                + " kill \"$p\" 2>/dev/null; i=0; while [ ! -f " + dir + "/u.rc ] && [ $i -lt 100 ]; do sleep 0.2;"
                + " i=$((i+1)); done; [ -f " + dir + "/u.rc ] || kill -9 \"$p\" 2>/dev/null; fi\n";
    }

    Guest guest() {
        return guest;
    }

    /** The exit code once the node exited, else empty. */
    String exitCode() {
        return guest.execOk("cat " + dir + "/u.rc 2>/dev/null || true").strip();
    }

    /** SIGTERM (a clean stop: the others drop the node at once); returns the exit code, empty if it did not exit. */
    String stop() {
        guest.exec(stopScript(dir), Duration.ofSeconds(60));
        return exitCode();
    }

    /** The membership events so far, as "PEER EVENT" lines. */
    String events() {
        StringBuilder sb = new StringBuilder();
        Matcher m = EVENT.matcher(guest.execOk("cat " + dir + "/u.events 2>/dev/null || true"));
        while (m.find()) {
            sb.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
        }
        return sb.toString();
    }

    /** The reason of the first event {@code type} about {@code peer}, or null. */
    String reason(String peer, String type) {
        Matcher m = EVENT.matcher(guest.execOk("cat " + dir + "/u.events 2>/dev/null || true"));
        while (m.find()) {
            if (m.group(1).equals(peer) && m.group(2).equals(type)) {
                return m.group(3);
            }
        }
        return null;
    }

    /** Whether every "PEER EVENT" line of {@code expected} was reported. */
    boolean reported(List<String> expected) {
        String events = events();
        return expected.stream().allMatch(e -> events.contains(e + "\n"));
    }

    /** Lines of the node's log containing {@code text}. */
    String logLines(String text) {
        return guest.execOk("grep -F '" + text + "' " + log + " 2>/dev/null || true").strip();
    }

    /** The end of its log and its events (for failures). */
    String tail() {
        return guest.exec("tail -60 " + log + " 2>/dev/null; echo '-- events:'; tail -30 " + dir + "/u.events"
                + " 2>/dev/null; echo \"-- exit code: $(cat " + dir + "/u.rc 2>/dev/null)\"").output();
    }
}

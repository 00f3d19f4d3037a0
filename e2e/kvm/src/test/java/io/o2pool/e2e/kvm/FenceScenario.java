package io.o2pool.e2e.kvm;

import static io.o2pool.e2e.kvm.Poll.tail;
import static io.o2pool.e2e.kvm.Poll.secondsUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;

/**
 * <b>SCENARIO fence</b> (issue 16): a kernel node whose heartbeat I/O stalls is seen coming and known afterwards. On
 * the pool's guests (threshold 7: the write timeout is 12 s), the victim's disk heartbeat is moved onto a dm-linear
 * mapping of the shared disk, the way a host reaches its LUN through device-mapper (multipath): through the manager,
 * the victim enters maintenance (unmounted, stack offline), its {@code /dev/vda} becomes the mapping
 * ({@code dmsetup create} over the virtio disk, renamed {@code /dev/vda-disk}; the pool's repository path stays
 * {@code /dev/vda}), and it exits maintenance (re-synced, stack online — which points netconsole at its peers'
 * agents — and mounted again, its o2hb region now on {@code dm-0}). Then {@code dmsetup suspend --noflush --nolockfs}
 * stalls its heartbeat I/O without killing it (forensics.md §2.3: the clean method; pausing the guest does not fence it
 * under TCG, and QEMU's throttle lands a held write late). The scenario shows and prints:
 * <ol>
 *   <li>the manager's {@code heartbeat.slow} event for the victim, at least {@value #MIN_LEAD_S} s before its fence
 *       (its QEMU ends: the kernel's reset, {@code -no-reboot}), with the time between them;</li>
 *   <li>the victim's fence: its console's {@code Heartbeat write timeout} and
 *       {@code ocfs2 is very sorry to be fencing this system by restarting} lines;</li>
 *   <li>the manager's kernel fence record: rule WRITE_TIMEOUT, the victim's own last lines received by a peer's agent
 *       over netconsole (the record names the peer) and the survivors' eviction lines;</li>
 *   <li>the victim booted again (its disk state carried over, see {@link #persistentState}) and its agent started: the
 *       manager re-syncs it by itself (a rejoin job) until it is ACTIVE and mounted, and files cross again.</li>
 * </ol>
 */
final class FenceScenario {
    /** The bound: the warning at least this long before the fence. */
    static final long MIN_LEAD_S = 5;
    static final String MAPPING = "o2fence";
    private static final String FENCE_LINE = "ocfs2 is very sorry to be fencing this system by restarting";
    private static final Duration JOB_LIMIT = Duration.ofMinutes(6);
    /** From the stall: the write timeout (12 s) plus generous room for a loaded host. */
    private static final Duration FENCE_LIMIT = Duration.ofSeconds(90);
    private static final Duration RECORD_LIMIT = Duration.ofSeconds(120);
    private static final Duration REJOIN_LIMIT = Duration.ofMinutes(8);

    private final KvmHarness kvm;
    private final ManagerUnderTest manager;
    private final String uuid;
    private final long victimId;
    private final List<Guest> survivors;
    private Guest victim;
    private final List<String> printed = new ArrayList<>();
    private double leadSeconds = Double.NaN;

    /**
     * @param victim    the guest whose heartbeat I/O stalls (an ACTIVE member)
     * @param victimId  its server id
     * @param survivors the pool's other ACTIVE members
     */
    FenceScenario(KvmHarness kvm, ManagerUnderTest manager, String uuid, Guest victim, long victimId,
            List<Guest> survivors) {
        this.kvm = kvm;
        this.manager = manager;
        this.uuid = uuid;
        this.victim = victim;
        this.victimId = victimId;
        this.survivors = List.copyOf(survivors);
    }

    /** The victim as it is now: booted again once the scenario got that far. */
    Guest victim() {
        return victim;
    }

    /** One line for the run's summary. */
    String line() {
        return String.join("\n[kvm]   ", printed);
    }

    /** Seconds from the manager's heartbeat.slow event to the victim's fence (NaN until measured). */
    double leadSeconds() {
        return leadSeconds;
    }

    void run() {
        String name = victim.name();
        assertThat(status()).as("%s before the scenario", name).isEqualTo("ACTIVE");
        // what the fence shows is checked softly and asserted at the end: one run shows the rejoin as well
        SoftAssertions soft = new SoftAssertions();

        // --- the victim's heartbeat onto a dm-linear mapping of the shared disk, through maintenance ---
        JsonNode enter = manager.awaitJob(manager.maintenance(victimId, "enter").path("id").asLong(), JOB_LIMIT);
        System.out.println("[kvm] fence: " + ManagerUnderTest.describe(enter));
        assertThat(enter.path("status").asText()).as(ManagerUnderTest.describe(enter)).isEqualTo("SUCCEEDED");
        assertThat(status()).isEqualTo("MAINTENANCE");
        String mapped = victim.execOk("grep -c ' ocfs2 ' /proc/mounts && exit 1;"
                + " modprobe dm_mod && mv /dev/vda /dev/vda-disk && export DM_DISABLE_UDEV=1"
                + " && dmsetup create " + MAPPING + " --table \"0 $(blockdev --getsz /dev/vda-disk) linear /dev/vda-disk 0\""
                + " && dmsetup mknodes " + MAPPING
                + " && mknod /dev/vda b $(dmsetup info -c --noheadings -o major " + MAPPING + ")"
                + " $(dmsetup info -c --noheadings -o minor " + MAPPING + ")"
                + " && dmsetup table " + MAPPING + " && ls -l /dev/vda /dev/vda-disk /dev/mapper/" + MAPPING);
        System.out.println("[kvm] fence: " + name + "'s /dev/vda is now a dm-linear mapping of the shared disk:\n"
                + mapped.strip());
        JsonNode exit = manager.awaitJob(manager.maintenance(victimId, "exit").path("id").asLong(), JOB_LIMIT);
        System.out.println("[kvm] fence: " + ManagerUnderTest.describe(exit));
        assertThat(exit.path("status").asText()).as(ManagerUnderTest.describe(exit)).isEqualTo("SUCCEEDED");
        assertThat(status()).isEqualTo("ACTIVE");
        String region = victim.execOk("cat /sys/kernel/config/cluster/*/heartbeat/*/dev; grep ' ocfs2 ' /proc/mounts")
                .strip();
        assertThat(region).as("%s's o2hb region device and mount", name).startsWith("dm-")
                .contains("/dev/vda /var/ovs/mount/" + uuid + " ocfs2");
        String netconsole = victim.execOk("cat /proc/sys/kernel/printk; for t in /sys/kernel/config/netconsole/*/;"
                + " do echo \"$t enabled=$(cat $t/enabled) dev=$(cat $t/dev_name) $(cat $t/local_ip) ->"
                + " $(cat $t/remote_ip):$(cat $t/remote_port) mac $(cat $t/remote_mac) extended=$(cat $t/extended)\";"
                + " done").strip();
        System.out.println("[kvm] fence: " + name + ": region on " + region + "\n[kvm] fence: " + name
                + "'s console level and netconsole targets (set by its agent at stack start):\n" + netconsole);
        assertThat(netconsole).as("%s's netconsole targets", name).contains("enabled=1");
        // the path works before it is needed: a line written to the victim's kernel log reaches a survivor's agent
        String probe = "o2pool-fence-scenario netconsole probe " + System.nanoTime();
        victim.execOk("echo '<3>" + probe + "' > /dev/kmsg");
        Guest receiver = survivors.getFirst();
        double probeSeconds;
        try {
            probeSeconds = secondsUntil(System.nanoTime(), Duration.ofSeconds(30), () -> receiver.exec(
                    "grep -F '" + probe + "' /var/lib/o2pool/agent/forensics/netconsole/" + name + ".log").ok());
        } catch (AssertionError e) {
            throw new AssertionError("a kernel line of " + name + " did not reach " + receiver.name() + "'s agent"
                    + " over netconsole within 30 s\n" + netconsoleDiagnosis(receiver), e);
        }
        System.out.printf(Locale.ROOT, "[kvm] fence: a kernel line of %s reached %s's agent over netconsole in %.1f s%n",
                name, receiver.name(), probeSeconds);

        String state = persistentState(victim);
        // a warning already shown would not be a new event: the stall starts from a healthy heartbeat
        double healthy = secondsUntil(System.nanoTime(), Duration.ofSeconds(90), () ->
                "OK".equals(manager.server(victimId).path("heartbeat").path("level").asText()));
        JsonNode before = manager.server(victimId).path("heartbeat");
        System.out.printf(Locale.ROOT, "[kvm] fence: %s's heartbeat in the manager before the stall (OK after %.1f s):"
                + " %s%n", name, healthy, before.path("own"));
        long mark = manager.lastEventId();

        // --- the stall ---
        Instant stallAsked = Instant.now();
        String suspended = victim.execOk("DM_DISABLE_UDEV=1 dmsetup suspend --noflush --nolockfs " + MAPPING
                + " && dmsetup info " + MAPPING + " | grep State");
        Instant stalled = Instant.now();
        assertThat(suspended).contains("SUSPENDED");
        System.out.println("[kvm] fence: " + name + ": dmsetup suspend --noflush --nolockfs " + MAPPING + " at "
                + stalled + " (" + suspended.strip() + ")");
        // nothing more is run in the victim: a command touching the volume would hang, and the guest resets

        // its QEMU ends when the kernel resets (-no-reboot): polled every 50 ms (QEMU daemonized, not our child)
        while (victim.running()) {
            if (Duration.between(stalled, Instant.now()).compareTo(FENCE_LIMIT) > 0) {
                throw new AssertionError(name + " did not fence within " + FENCE_LIMIT.toSeconds() + " s of the"
                        + " stall; console:\n" + tail(victim.console(), 30));
            }
            KvmHarness.sleep(50);
        }
        Instant fenced = Instant.now();
        List<String> console = victim.console().lines()
                .filter(l -> l.contains("o2hb") || l.contains("o2net") || l.contains(FENCE_LINE)).toList();
        List<String> last = console.subList(Math.max(0, console.size() - 6), console.size());
        System.out.println("[kvm] fence: " + name + "'s QEMU ended at " + fenced + ", " + secondsBetween(stalled, fenced)
                + " s after the stall; its console's last o2hb lines:\n  " + String.join("\n  ", last));
        assertThat(victim.console()).as("%s's console", name).contains("Heartbeat write timeout")
                .contains(FENCE_LINE);

        // --- (a) the warning before the fence ---
        List<JsonNode> heartbeatEvents = new ArrayList<>();
        manager.events(mark).forEach(e -> {
            if (e.path("kind").asText().startsWith("heartbeat.")) {
                heartbeatEvents.add(e);
            }
        });
        for (JsonNode e : heartbeatEvents) {
            Instant at = Instant.parse(e.path("at").asText());
            System.out.printf(Locale.ROOT, "[kvm] fence: event %s at %s (stall %+.1f s, fence %+.1f s): %s%n",
                    e.path("kind").asText(), at, secondsBetween(stalled, at), secondsBetween(fenced, at),
                    e.path("message").asText());
        }
        // asserted at the end, so that one run shows the record and the rejoin too
        JsonNode slow = heartbeatEvents.stream().filter(e -> e.path("kind").asText().equals("heartbeat.slow")
                && e.path("server_id").asLong() == victimId).findFirst().orElse(null);
        if (slow != null) {
            Instant warned = Instant.parse(slow.path("at").asText());
            leadSeconds = secondsBetween(warned, fenced);
            String lead = String.format(Locale.ROOT, "heartbeat.slow for %s at %s, %.1f s after the stall; %s"
                    + " fenced (QEMU reset) at %s, %.1f s after the stall: warned %.1f s before the fence (stall asked"
                    + " at %s)", name, warned, secondsBetween(stalled, warned), name, fenced,
                    secondsBetween(stalled, fenced), leadSeconds, stallAsked);
            System.out.println("[kvm] fence: " + lead);
            printed.add(lead);
        }

        // --- (c) the manager's kernel fence record ---
        JsonNode[] record = new JsonNode[1];
        try {
            secondsUntil(System.nanoTime(), RECORD_LIMIT, () -> {
                JsonNode records = manager.fences(victimId).path("records");
                if (records.isEmpty()) {
                    return false;
                }
                record[0] = records.get(0);
                return true;
            });
        } catch (AssertionError e) {
            keepKernelLines(name);
            throw new AssertionError("the manager shows no fence record of " + name + " " + RECORD_LIMIT.toSeconds()
                    + " s after its fence: " + manager.server(victimId) + "\n" + netconsoleDiagnosis(
                    survivors.getFirst()), e);
        }
        Instant recorded = Instant.now();
        JsonNode r = record[0];
        JsonNode server = manager.server(victimId);
        System.out.printf(Locale.ROOT, "[kvm] fence: the manager shows %s %s (%s), its fence record %.1f s after the"
                + " fence:%n%s%n", name, server.path("status").asText(), server.path("status_reason").asText(),
                secondsBetween(fenced, recorded), r.toPrettyString());
        soft.assertThat(r.path("rule").asText()).isEqualTo("WRITE_TIMEOUT");
        JsonNode kernel = r.path("kernel");
        soft.assertThat(kernel.path("fenced_node_source").asText()).as("where %s's own lines came from", name)
                .startsWith("netconsole via ");
        List<String> own = new ArrayList<>();
        List<String> survivorLines = new ArrayList<>();
        kernel.path("lines").forEach(l -> {
            String text = l.path("node").asText() + " " + l.path("text").asText();
            if (l.path("origin").asText().equals("NETCONSOLE")) {
                own.add(text + " (via " + l.path("via").asText() + ")");
            } else if (l.path("origin").asText().equals("SURVIVOR")) {
                survivorLines.add(text);
            }
        });
        // its own lines: the hung-write line 6 s before the fence always left; the last burst (write timeout, stop,
        // fence line) leaves within a millisecond of the reset and is sometimes lost on this host (QEMU exits on the
        // reset: -no-reboot) — the record then infers the rule from the hung write and the eviction, and says so
        soft.assertThat(own).as("%s's own lines received over netconsole", name)
                .anySatisfy(l -> assertThat(l).containsPattern("hb write hung|Heartbeat write timeout"));
        boolean timeoutLine = own.stream().anyMatch(l -> l.contains("Heartbeat write timeout"));
        boolean fenceLine = own.stream().anyMatch(l -> l.contains(FENCE_LINE));
        System.out.println("[kvm] fence: " + name + "'s last burst over netconsole: write timeout line "
                + (timeoutLine ? "arrived" : "lost") + ", fence line " + (fenceLine ? "arrived" : "lost"));
        if (!timeoutLine) {
            soft.assertThat(r.path("message").asText()).as("the rule without its line").startsWith("inferred:");
        }
        soft.assertThat(survivorLines).as("the survivors' eviction lines")
                .anySatisfy(l -> assertThat(l).contains("No longer connected to node " + name))
                .anySatisfy(l -> assertThat(l).containsPattern("o2dlm has evicted node \\d+"));
        if (timeoutLine) {
            soft.assertThat(kernel.path("write_timeout_ms").asLong()).isBetween(12_000L, 13_000L);
        }
        String recordLine = String.format(Locale.ROOT, "fence record: %s, write timeout after %d ms, %s's own lines:"
                + " %s (%d), survivors' lines: %d from %s, peers seen %s", r.path("rule").asText(),
                kernel.path("write_timeout_ms").asLong(), name, kernel.path("fenced_node_source").asText(), own.size(),
                survivorLines.size(), survivorLines.stream().map(l -> l.substring(0, l.indexOf(' '))).distinct()
                        .toList(), r.path("peers_seen"));
        printed.add(recordLine);
        System.out.println("[kvm] fence: " + recordLine);

        keepKernelLines(name);

        // --- (d) back: booted again, its agent started, re-synced by the manager ---
        long rebootAt = System.nanoTime();
        String fingerprint = victim.fingerprint();
        victim = kvm.restart(victim);
        restore(victim, state);
        assertThat(victim.startAgent()).as("%s's agent kept its key across the reboot", name).isEqualTo(fingerprint);
        double active = secondsUntil(rebootAt, REJOIN_LIMIT, () -> status().equals("ACTIVE"));
        List<String> rejoin = new ArrayList<>();
        manager.events(mark).forEach(e -> {
            if (e.path("server_id").asLong() == victimId && (e.path("kind").asText().startsWith("server.")
                    || e.path("kind").asText().startsWith("fence."))) {
                rejoin.add(e.path("kind").asText() + ": " + e.path("message").asText());
            }
        });
        System.out.println("[kvm] fence: " + name + "'s events after the stall:\n  " + String.join("\n  ", rejoin));
        assertThat(rejoin).as("the manager re-synced %s by itself", name)
                .anySatisfy(l -> assertThat(l).startsWith("server.rejoin"));
        String mount = victim.execOk("mount | grep ' type ocfs2 '");
        assertThat(mount).contains("/dev/vda on /var/ovs/mount/" + uuid + " type ocfs2 (rw,").contains("heartbeat=local");
        List<Guest> pool = new ArrayList<>(survivors);
        pool.add(victim);
        for (Guest writer : pool) {
            writer.execOk("echo after-fence-" + writer.name() + " > /var/ovs/mount/" + uuid + "/after-fence-"
                    + writer.name() + ".txt && sync");
        }
        for (Guest reader : pool) {
            for (Guest writer : pool) {
                assertThat(reader.execOk("cat /var/ovs/mount/" + uuid + "/after-fence-" + writer.name() + ".txt")
                        .strip()).isEqualTo("after-fence-" + writer.name());
            }
        }
        String back = String.format(Locale.ROOT, "%s booted again and re-synced by the manager: ACTIVE %.1f s after"
                + " its reboot began, mounted %s", name, active, mount.strip());
        printed.add(back);
        System.out.println("[kvm] fence: " + back);
        soft.assertThat(slow).as("a heartbeat.slow event for %s before its fence; heartbeat events: %s", name,
                heartbeatEvents).isNotNull();
        soft.assertThat(leadSeconds).as("seconds from heartbeat.slow to the fence")
                .isGreaterThanOrEqualTo(MIN_LEAD_S);
        soft.assertAll();
        System.out.println("[kvm] SCENARIO fence: PASS: " + String.join("; ", printed));
    }

    /**
     * What a host keeps on its disk across a reboot and this guest's RAM root does not: the agent's state (its key and
     * certificate, the manager's enrolment, the committed configuration), {@code /etc/ocfs2} and
     * {@code /etc/default/o2cb}; the host carries it to the guest booted again, as the host's disk would.
     */
    private static String persistentState(Guest g) {
        String b64 = g.execOk("tar -C / -czf - --exclude=var/lib/o2pool/agent/logs"
                + " --exclude=var/lib/o2pool/agent/forensics var/lib/o2pool etc/ocfs2 etc/default/o2cb | base64 -w0")
                .strip();
        System.out.println("[kvm] fence: " + g.name() + "'s disk state kept for its reboot: " + b64.length() * 3 / 4
                + " bytes (tar.gz)");
        return b64;
    }

    private static void restore(Guest g, String b64) {
        g.execOk("printf '%s' '" + b64 + "' | base64 -d | tar -C / -xzf -");
    }

    /**
     * Keeps what the kernels printed in the run directory, for the parsers' tests: the victim's lines as each
     * survivor's agent stored them (netconsole: two of them are its targets), every survivor's own o2 lines
     * ({@code dmesg --raw}) and the victim's serial console.
     */
    private void keepKernelLines(String name) {
        try {
            for (Guest g : survivors) {
                java.nio.file.Files.writeString(kvm.runDir().resolve("fence-" + name + "-netconsole-at-" + g.name()
                        + ".log"), g.exec("cat /var/lib/o2pool/agent/forensics/netconsole/" + name + ".log 2>&1")
                        .output());
                java.nio.file.Files.writeString(kvm.runDir().resolve("fence-" + g.name() + "-dmesg.log"), g.exec(
                        "dmesg --raw | grep -E 'o2net|o2hb|o2dlm|o2cb|o2quo|ocfs2'").output());
            }
            java.nio.file.Files.writeString(kvm.runDir().resolve("fence-" + name + "-console.log"), victim.console());
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("[kvm] fence: kernel lines not kept: " + e);
        }
    }

    /** What a survivor's agent received from the victim and logged about netconsole, and the victim's own view. */
    private String netconsoleDiagnosis(Guest receiver) {
        String there = receiver.exec("ls -la /var/lib/o2pool/agent/forensics/netconsole/;"
                + " tail -15 /var/lib/o2pool/agent/forensics/netconsole/" + victim.name() + ".log;"
                + " grep -i -E 'netconsole|fence' /var/log/o2pool-agent.out | tail -10").output();
        String own = victim.running() ? victim.exec("dmesg | grep -i -E 'netpoll|netconsole' | tail -15;"
                + " grep -i -E 'netconsole' /var/log/o2pool-agent.out | tail -5", Duration.ofSeconds(20)).output()
                : "(not running)";
        return receiver.name() + ":\n" + there + "\n" + victim.name() + ":\n" + own;
    }

    private String status() {
        return manager.server(victimId).path("status").asText();
    }

    private static double secondsBetween(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1000.0;
    }
}

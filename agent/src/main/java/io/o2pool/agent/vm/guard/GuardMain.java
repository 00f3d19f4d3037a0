package io.o2pool.agent.vm.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.api.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The VM guard: a small process per server, launched detached by the agent ({@link VmGuardKeeper}) so it outlives
 * it, that reads this node's own heartbeat slot from the shared region every {@value #POLL_MS} ms and SIGKILLs every
 * guest of the server when {@link GuardDecision} says so — the case of an agent killed without fencing, whose guests
 * would otherwise run on after the other servers declared the node dead. Exits when its pid file names another
 * process, or when the agent is gone and no guest is left. Usage: {@code GuardMain --config FILE --pid-file FILE}.
 */
public final class GuardMain {
    static final long POLL_MS = 200;
    private static final int SLOT_BYTES = 512;

    private GuardMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[0].equals("--config") || !args[2].equals("--pid-file")) {
            System.err.println("usage: GuardMain --config FILE --pid-file FILE");
            System.exit(2);
        }
        System.exit(run(Path.of(args[1]), Path.of(args[3]), new MonotonicClock()));
    }

    static int run(Path configFile, Path pidFile, Clock clock) throws InterruptedException {
        ObjectMapper json = Json.mapper();
        long self = ProcessHandle.current().pid();
        OwnSlotWatch watch = new OwnSlotWatch(clock);
        GuardConfig config = null;
        FileTime configTime = null;
        Path watched = null;
        int watchedSlot = -1;
        log("guard " + self + " started: config " + configFile);
        while (true) {
            if (!ownsPidFile(pidFile, self)) {
                log("guard " + self + ": " + pidFile + " names another guard or was removed; exiting");
                return 0;
            }
            try {
                FileTime t = Files.exists(configFile) ? Files.getLastModifiedTime(configFile) : null;
                if (t != null && !t.equals(configTime)) {
                    config = json.readValue(configFile.toFile(), GuardConfig.class);
                    configTime = t;
                }
            } catch (IOException e) {
                log("guard: cannot read " + configFile + ": " + e.getMessage() + " (keeping the last one)");
            }
            List<GuestKiller.Guest> guests = config == null ? List.of() : GuestKiller.alive(config.pidDirs());
            if (config != null && config.region() != null && config.nodeNumber() >= 0) {
                if (!config.region().equals(watched) || config.nodeNumber() != watchedSlot) {
                    watch.reset();
                    watched = config.region();
                    watchedSlot = config.nodeNumber();
                    log("guard: watching node " + config.node() + "'s slot " + watchedSlot + " in " + watched
                            + " (dead threshold " + config.deadThreshold() + ")");
                }
                byte[] slot = readSlot(watched, watchedSlot);
                if (slot != null) {
                    watch.observe(slot);
                }
                GuardDecision.Verdict verdict = watch.decide(config.deadThreshold());
                if (verdict.kill() && !guests.isEmpty()) {
                    List<GuestKiller.Guest> killed = GuestKiller.killAll(config.pidDirs());
                    log("GUARD-KILLED node=" + config.node() + " guests=" + killed + " because " + verdict.reason());
                    record(new GuardKillLog(configFile.getParent()), new io.o2pool.agent.api.GuardKill(Instant.now(),
                            config.node(), killed.stream().map(GuestKiller.Guest::name).toList(), verdict.reason()));
                    guests = List.of();
                }
            } else {
                watch.reset();
                watched = null;
            }
            if (config != null && guests.isEmpty() && !ProcessHandle.of(config.agentPid())
                    .map(ProcessHandle::isAlive).orElse(false)) {
                log("guard " + self + ": the agent (pid " + config.agentPid() + ") is gone and no guest runs; exiting");
                return 0;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private static byte[] readSlot(Path region, int slot) {
        try (RandomAccessFile f = new RandomAccessFile(region.toFile(), "r")) {
            byte[] block = new byte[SLOT_BYTES];
            f.seek((long) slot * SLOT_BYTES);
            f.readFully(block);
            return block;
        } catch (IOException e) {
            return null; // unreadable: not a change; the deadline keeps running
        }
    }

    private static boolean ownsPidFile(Path pidFile, long self) {
        try {
            if (!Files.exists(pidFile)) {
                return false;
            }
            return Files.readString(pidFile).strip().equals(Long.toString(self));
        } catch (IOException e) {
            return true;
        }
    }

    private static void record(GuardKillLog kills, io.o2pool.agent.api.GuardKill kill) {
        try {
            kills.append(kill);
        } catch (IOException e) {
            log("guard: cannot write " + kills.file() + ": " + e.getMessage());
        }
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }

    /** Time that only moves forward (System.nanoTime), for the guard's deadlines: a wall-clock step must not fire it. */
    static final class MonotonicClock extends Clock {
        private final Instant origin = Instant.now();
        private final long start = System.nanoTime();

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return origin.plusNanos(System.nanoTime() - start);
        }
    }
}

package io.o2pool.cluster.bench;

import io.o2pool.cluster.ClusterNode;
import io.o2pool.cluster.membership.EventType;
import io.o2pool.cluster.membership.MembershipEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark of the cluster stack with real nodes (real region file, real TCP on 127.0.1.x), printing figures:
 * <pre>
 * detection    [--kills 20] [--threshold 7]                 kill -9-like crashes of one of 3 nodes: detection
 *                                                           latency ÷ the bound (threshold − 1) × 2 s + 4 s
 * footprint    --nodes N [--jvms K] [--seconds 60]          CPU time and RSS per node, own write latency p50/p99
 * false-deaths [--minutes 10] [--threshold 7]               3 nodes with both cores loaded and a GC-heavy
 *                                                           neighbour process: node-down events that are not real
 * common: [--port 7777] [--dir DIR] (region folder, default a new temp folder)
 * </pre>
 * A benchmark, not a test: it takes minutes and prints; nothing asserts. Only 127.0.0.0/8 addresses are used.
 */
public final class ClusterBench {
    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ClusterBench detection|footprint|false-deaths [options]; see the class comment");
            System.exit(2);
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "detection" -> detection(o);
            case "footprint" -> footprint(o);
            case "footprint-slice" -> footprintSlice(o);
            case "false-deaths" -> falseDeaths(o);
            case "gc-hog" -> GcHog.run();
            default -> {
                System.err.println("unknown benchmark " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void detection(Map<String, String> o) throws Exception {
        int kills = Integer.parseInt(o.getOrDefault("kills", "20"));
        int threshold = Integer.parseInt(o.getOrDefault("threshold", "7"));
        long boundMs = (threshold - 1) * 2000L + 4000;
        List<Double> ratios = new ArrayList<>();
        try (BenchCluster c = new BenchCluster(3, regionDir(o), threshold, port(o))) {
            for (int i = 0; i < 3; i++) {
                c.start(i);
            }
            awaitFormed(c, Duration.ofSeconds(60));
            for (int k = 1; k <= kills; k++) {
                int victim = 1 + (k % 2);
                BenchCluster.sleepMs((long) (Math.random() * 2000)); // a random phase against the 2 s period
                Instant killed = Instant.now();
                c.crash(victim);
                long worst = 0;
                for (int s = 0; s < 3; s++) {
                    if (s == victim) {
                        continue;
                    }
                    MembershipEvent down = await(c, "n" + s, EventType.NODE_DOWN, "n" + victim, killed,
                            Duration.ofMillis(boundMs + 30_000));
                    worst = Math.max(worst, down == null ? Long.MAX_VALUE : Duration.between(killed, down.time()).toMillis());
                }
                double ratio = worst / (double) boundMs;
                ratios.add(ratio);
                System.out.printf("kill %2d: n%d detected after %5d ms = %.3f of the %d ms bound%n", k, victim, worst,
                        ratio, boundMs);
                c.start(victim);
                awaitFormed(c, Duration.ofSeconds(60));
            }
            System.out.printf("detection (threshold %d, bound %d ms, %d kills): mean %.3f, max %.3f of the bound; "
                    + "false deaths %d%n", threshold, boundMs, kills, ratios.stream().mapToDouble(d -> d).average()
                    .orElse(0), ratios.stream().mapToDouble(d -> d).max().orElse(0), falseDeathsDuring(c));
        }
    }

    private static long falseDeathsDuring(BenchCluster c) {
        return c.events.stream().filter(e -> e.type() == EventType.NODE_DOWN && e.peer().equals("n0")).count();
    }

    private static void footprint(Map<String, String> o) throws Exception {
        int nodes = Integer.parseInt(o.getOrDefault("nodes", "3"));
        int jvms = Integer.parseInt(o.getOrDefault("jvms", "1"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        Path dir = regionDir(o);
        int port = port(o);
        List<Process> children = new ArrayList<>();
        // slices join one after the other, 20 s apart: nodes that all join at the same instant keep changing the
        // membership and may fail to start with "Unable to stabilize heartbeat", as the kernel's would
        long now = System.currentTimeMillis();
        long measureAt = now + 10_000 + (jvms - 1) * 20_000L + Math.max(20_000, nodes * 100L);
        for (int j = 0; j < jvms; j++) {
            int from = nodes * j / jvms;
            int to = nodes * (j + 1) / jvms;
            children.add(child("footprint-slice", "--nodes", Integer.toString(nodes), "--from", Integer.toString(from),
                    "--to", Integer.toString(to), "--seconds", Integer.toString(seconds), "--dir", dir.toString(),
                    "--port", Integer.toString(port), "--threshold", o.getOrDefault("threshold", "31"),
                    "--start-at", Long.toString(now + 5_000 + j * 20_000L), "--measure-at", Long.toString(measureAt)));
        }
        long cpu = 0;
        long rss = 0;
        long base = 0;
        long writes = 0;
        long falseDeaths = 0;
        List<Long> latencies = new ArrayList<>();
        for (Process p : children) {
            Map<String, String> r = result(p);
            cpu += Long.parseLong(r.get("cpuMs"));
            rss += Long.parseLong(r.get("rssKb"));
            base += Long.parseLong(r.get("baseRssKb"));
            writes += Long.parseLong(r.get("writes"));
            falseDeaths += Long.parseLong(r.get("falseDeaths"));
            for (String v : r.get("latencies").split(",")) {
                if (!v.isEmpty()) {
                    latencies.add(Long.parseLong(v));
                }
            }
        }
        latencies.sort(null);
        System.out.printf("footprint: %d nodes in %d JVM(s), %d s measured: CPU %.2f ms/s per node (%.3f%% of a core);"
                + " RSS %d KiB per node over a %d KiB JVM baseline (%d MiB in all); own write latency p50 %d ms, p99 %d ms,"
                + " max %d ms over %d writes; false deaths %d%n", nodes, jvms, seconds, cpu / (double) seconds / nodes,
                cpu / (double) seconds / nodes / 10.0, (rss - base) / nodes, base / jvms, rss / 1024,
                pct(latencies, 50), pct(latencies, 99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1),
                writes, falseDeaths);
    }

    private static void footprintSlice(Map<String, String> o) throws Exception {
        int nodes = Integer.parseInt(o.get("nodes"));
        int from = Integer.parseInt(o.get("from"));
        int to = Integer.parseInt(o.get("to"));
        int seconds = Integer.parseInt(o.get("seconds"));
        System.gc();
        long baseRss = ProcessStats.rssKb();
        try (BenchCluster c = new BenchCluster(nodes, Path.of(o.get("dir")), Integer.parseInt(o.get("threshold")),
                port(o))) {
            sleepUntil(Long.parseLong(o.get("start-at")));
            for (int i = from; i < to; i++) {
                c.start(i);
            }
            // let every node of the whole cluster come up and connect before measuring
            sleepUntil(Long.parseLong(o.get("measure-at")));
            long cpu0 = ProcessStats.cpuMs();
            long writes0 = c.running().stream().mapToLong(n -> n.membership().counters().writes()).sum();
            BenchCluster.sleepMs(seconds * 1000L);
            long cpu = ProcessStats.cpuMs() - cpu0;
            long rss = ProcessStats.rssKb();
            List<ClusterNode> running = c.running();
            long writes = running.stream().mapToLong(n -> n.membership().counters().writes()).sum() - writes0;
            StringBuilder lat = new StringBuilder();
            for (ClusterNode n : running) {
                for (long l : n.membership().writeLatency().last(seconds / 2)) {
                    lat.append(l).append(',');
                }
            }
            long connected = running.stream().mapToLong(n -> n.membership().connectedPeers().size()).sum();
            Map<String, Long> downs = new java.util.TreeMap<>();
            c.events.stream().filter(e -> e.type() == EventType.NODE_DOWN).forEach(e -> downs.merge(e.peer() + ":"
                    + e.reason().replaceAll("[0-9a-fx]{6,}", "*").replace(' ', '_'), 1L, Long::sum));
            List<String> failedNames = running.stream().filter(n -> n.state() == ClusterNode.State.FAILED)
                    .map(n -> n.config().localNode().name()).toList();
            long failed = failedNames.size();
            System.err.println("slice " + from + ".." + (to - 1) + ": " + failed + " nodes failed to start ("
                    + failedNames + ": " + running.stream().filter(n -> n.failure() != null).map(ClusterNode::failure)
                    .distinct().toList() + "); node-down reasons: " + downs);
            System.out.printf("RESULT cpuMs=%d rssKb=%d baseRssKb=%d writes=%d falseDeaths=%d connected=%d latencies=%s%n",
                    cpu, rss, baseRss, writes, c.falseDeaths(List.of()), connected, lat);
            System.out.flush();
        }
    }

    private static void falseDeaths(Map<String, String> o) throws Exception {
        int minutes = Integer.parseInt(o.getOrDefault("minutes", "10"));
        int threshold = Integer.parseInt(o.getOrDefault("threshold", "7"));
        Process hog = child("gc-hog");
        try (BenchCluster c = new BenchCluster(3, regionDir(o), threshold, port(o))) {
            for (int i = 0; i < 3; i++) {
                c.start(i);
            }
            awaitFormed(c, Duration.ofSeconds(60));
            Instant start = Instant.now();
            BenchCluster.sleepMs(minutes * 60_000L);
            List<Long> lat = new ArrayList<>();
            for (ClusterNode n : c.running()) {
                lat.addAll(n.membership().writeLatency().last(4096));
            }
            lat.sort(null);
            long fences = c.events.stream().filter(e -> e.type() == EventType.FENCED).count();
            System.out.printf("false deaths: %d node-down and %d fenced in %d min (threshold %d) with both cores loaded "
                    + "and a GC-heavy neighbour; own write latency p50 %d ms, p99 %d ms, max %d ms%n",
                    c.falseDeaths(List.of()), fences, minutes, threshold, pct(lat, 50), pct(lat, 99),
                    lat.isEmpty() ? 0 : lat.get(lat.size() - 1));
            System.out.println("since " + start);
        } finally {
            hog.destroyForcibly();
        }
    }

    private static void sleepUntil(long epochMs) {
        BenchCluster.sleepMs(Math.max(0, epochMs - System.currentTimeMillis()));
    }

    private static void awaitFormed(BenchCluster c, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            boolean formed = c.running().stream().allMatch(n -> n.state() == ClusterNode.State.RUNNING
                    && n.membership().liveNodes().size() == c.nodes.length
                    && n.membership().connectedPeers().size() == c.nodes.length - 1);
            if (formed) {
                return;
            }
            BenchCluster.sleepMs(100);
        }
        throw new IllegalStateException("the cluster did not form within " + limit);
    }

    private static MembershipEvent await(BenchCluster c, String observer, EventType type, String peer, Instant since,
            Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            MembershipEvent e = c.first(observer, type, peer, since);
            if (e != null) {
                return e;
            }
            BenchCluster.sleepMs(20);
        }
        return null;
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }

    private static Process child(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Do2pool.log.level=" + System.getProperty("o2pool.log.level",
                "OFF"), "-cp", System.getProperty("java.class.path"), ClusterBench.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Map<String, String> result(Process p) throws IOException, InterruptedException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    Map<String, String> m = new HashMap<>();
                    for (String kv : line.substring(7).split(" ")) {
                        int eq = kv.indexOf('=');
                        m.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    p.waitFor();
                    return m;
                }
            }
        }
        throw new IOException("a benchmark JVM ended without a result (exit " + p.waitFor() + ")");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

    private static Path regionDir(Map<String, String> o) throws IOException {
        return o.containsKey("dir") ? Path.of(o.get("dir")) : Files.createTempDirectory("o2pool-bench");
    }

    private static int port(Map<String, String> o) {
        return Integer.parseInt(o.getOrDefault("port", "7777"));
    }
}

package io.o2pool.ocfs2.conf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generators for property tests, driven by a seeded {@link Random} so every failure is reproducible from its seed:
 * random byte strings biased towards the grammar's characters, mutations of a valid file, and valid models.
 */
final class RandomConfs {
    static final byte[] GRAMMAR_BYTES = ":= \t\n\r#\\\0_-.,aZ09\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    static final String SEED_FILE = """
            cluster:
            \tname = ocfs2
            \theartbeat_mode = global
            \tnode_count = 2

            heartbeat:
            \tcluster = ocfs2
            \tregion = 77D95EF51C0149D2823674FCC162CF8B

            node:
            \tcluster = ocfs2
            \tnumber = 0
            \tip_port = 7777
            \tip_address = 192.168.3.153
            \tname = vm-host03

            node:
            \tcluster = ocfs2
            \tnumber = 1
            \tip_port = 7777
            \tip_address = 192.168.3.152
            \tname = vm-host02
            """;
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String HEX = "0123456789ABCDEF";

    private RandomConfs() {
    }

    /** Up to 200 bytes, three in four from the grammar's characters. */
    static byte[] bytes(Random random) {
        byte[] text = new byte[random.nextInt(201)];
        for (int i = 0; i < text.length; i++) {
            text[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
                    : GRAMMAR_BYTES[random.nextInt(GRAMMAR_BYTES.length)];
        }
        return text;
    }

    /** The seed file with 1 to 6 bytes inserted, replaced or deleted at random places. */
    static byte[] mutated(Random random) {
        List<Byte> text = new ArrayList<>();
        for (byte b : SEED_FILE.getBytes(StandardCharsets.UTF_8)) {
            text.add(b);
        }
        int mutations = 1 + random.nextInt(6);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(text.size() + 1);
            byte value = random.nextInt(5) == 0 ? (byte) random.nextInt(256)
                    : GRAMMAR_BYTES[random.nextInt(GRAMMAR_BYTES.length)];
            switch (random.nextInt(3)) {
                case 0 -> text.add(at, value);
                case 1 -> text.set(Math.min(at, text.size() - 1), value);
                default -> text.remove(Math.min(at, text.size() - 1));
            }
        }
        byte[] raw = new byte[text.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = text.get(i);
        }
        return raw;
    }

    /** A model that keeps every strict rule: 0–3 clusters, 0–8 nodes each, 0–3 heartbeat regions each. */
    static ClusterConf validConf(Random random) {
        List<Cluster> clusters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int count = random.nextInt(4);
        while (clusters.size() < count) {
            String name = string(random, ALNUM, 1, StrictRules.MAX_CLUSTER_NAME);
            if (names.add(name)) {
                clusters.add(validCluster(random, name));
            }
        }
        return new ClusterConf(clusters);
    }

    private static Cluster validCluster(Random random, String name) {
        int port = 1 + random.nextInt(65535);
        int size = random.nextInt(9);
        Set<String> lowerNames = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        List<Node> nodes = new ArrayList<>();
        while (nodes.size() < size) {
            String nodeName = string(random, ALNUM + "-_.", 1, StrictRules.MAX_NODE_NAME);
            int number = random.nextInt(StrictRules.MAX_NODE_NUMBER + 1);
            String ip = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
            if (lowerNames.add(nodeName.toLowerCase()) && numbers.add(number) && addresses.add(ip)) {
                nodes.add(new Node(nodeName, number, ip, port));
            }
        }
        Set<String> regions = new HashSet<>();
        int regionCount = random.nextInt(4);
        while (regions.size() < regionCount) {
            regions.add(string(random, HEX, StrictRules.REGION_LENGTH, StrictRules.REGION_LENGTH));
        }
        HeartbeatMode mode = random.nextBoolean() ? HeartbeatMode.LOCAL : HeartbeatMode.GLOBAL;
        return new Cluster(name, mode, nodes.size(), nodes, regions.stream().sorted().map(HeartbeatRegion::new)
                .toList());
    }

    private static String string(Random random, String alphabet, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}

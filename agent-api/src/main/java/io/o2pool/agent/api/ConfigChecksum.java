package io.o2pool.agent.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of one cluster configuration generation — pool id, cluster.conf bytes and o2cb defaults bytes —
 * that the manager and the agent both compute to detect drift between nodes or against the manager's record.
 * Each part is length-prefixed, so moving bytes from one file to the other changes the checksum.
 */
public final class ConfigChecksum {
    private ConfigChecksum() {
    }

    /** Lower-case hex SHA-256 over {@code o2pool-config-v1}, then each part as {@code name:length\n} + bytes. */
    public static String of(String poolId, byte[] clusterConf, byte[] o2cbDefaults) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("o2pool-config-v1\n".getBytes(StandardCharsets.US_ASCII));
            part(sha, "pool-id", poolId.getBytes(StandardCharsets.UTF_8));
            part(sha, "cluster.conf", clusterConf);
            part(sha, "o2cb", o2cbDefaults);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checksum of text contents, encoded as UTF-8 exactly as the agent writes them. */
    public static String of(String poolId, String clusterConf, String o2cbDefaults) {
        return of(poolId, clusterConf.getBytes(StandardCharsets.UTF_8), o2cbDefaults.getBytes(StandardCharsets.UTF_8));
    }

    private static void part(MessageDigest sha, String name, byte[] bytes) {
        sha.update((name + ":" + bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }
}

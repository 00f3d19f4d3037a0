package io.o2pool.ocfs2.superblock;

import java.util.List;

/**
 * Renders an {@link OcfsSuperblock} for people (aligned {@code Name: value} lines) and for programs (one JSON
 * object, written by hand because this module has no JSON library). Both show the same fields under the same
 * meaning; flags are given raw and as the names ocfs2-tools prints.
 */
public final class SuperblockReport {
    private SuperblockReport() {
    }

    /** The human-readable report of {@code sb}, read from {@code device}. */
    public static String text(String device, OcfsSuperblock sb) {
        StringBuilder out = new StringBuilder();
        line(out, "Device", device);
        line(out, "Label", sb.label().isEmpty() ? "(none)" : sb.label());
        line(out, "UUID", sb.uuidHex() + "  (" + sb.uuidDashed() + ")");
        line(out, "Mode", sb.mode().text());
        line(out, "Block size", sb.blockSize() + " bytes");
        line(out, "Cluster size", sb.clusterSize() + " bytes");
        line(out, "Node slots", Integer.toString(sb.maxSlots()));
        line(out, "Cluster stack", sb.stack() == ClusterStack.OTHER ? sb.stackName() : sb.stack().text());
        line(out, "Cluster name", sb.clusterName().isEmpty() ? "(not recorded)" : sb.clusterName());
        line(out, "Global heartbeat", sb.globalHeartbeat() ? "yes" : "no");
        line(out, "Mount heartbeat", sb.mountHeartbeat().isEmpty() ? "(user-space stack)" : sb.mountHeartbeat());
        line(out, "Feature compat", flags(sb.compatFlags(), sb.compatNames()));
        line(out, "Feature incompat", flags(sb.incompatFlags(), sb.incompatNames()));
        line(out, "Feature ro-compat", flags(sb.roCompatFlags(), sb.roCompatNames()));
        return out.toString();
    }

    /** The JSON object for {@code sb}, read from {@code device}, pretty-printed, ending with a newline. */
    public static String json(String device, OcfsSuperblock sb) {
        List<String> fields = List.of(
                field("device", str(device)),
                field("signature", str(OcfsSuperblock.SIGNATURE)),
                field("blockSize", Integer.toString(sb.blockSize())),
                field("clusterSize", Integer.toString(sb.clusterSize())),
                field("maxSlots", Integer.toString(sb.maxSlots())),
                field("label", str(sb.label())),
                field("uuid", str(sb.uuidHex())),
                field("uuidDashed", str(sb.uuidDashed())),
                field("mode", str(sb.mode().text())),
                field("stack", str(sb.stack().text())),
                field("stackName", str(sb.stackName())),
                field("clusterName", str(sb.clusterName())),
                field("globalHeartbeat", Boolean.toString(sb.globalHeartbeat())),
                field("mountHeartbeat", str(sb.mountHeartbeat())),
                field("stackFlags", Integer.toString(sb.stackFlags())),
                field("featureCompat", Integer.toUnsignedString(sb.compatFlags())),
                field("featureIncompat", Integer.toUnsignedString(sb.incompatFlags())),
                field("featureRoCompat", Integer.toUnsignedString(sb.roCompatFlags())),
                field("compatFeatures", names(sb.compatNames())),
                field("incompatFeatures", names(sb.incompatNames())),
                field("roCompatFeatures", names(sb.roCompatNames())));
        return "{\n" + String.join(",\n", fields) + "\n}\n";
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format("%-18s %s", name + ":", value)).append('\n');
    }

    private static String flags(int value, String names) {
        return String.format("0x%04x", value) + (names.isEmpty() ? "" : " " + names);
    }

    private static String field(String name, String jsonValue) {
        return "  " + str(name) + ": " + jsonValue;
    }

    private static String names(String spaceSeparated) {
        if (spaceSeparated.isEmpty()) {
            return "[]";
        }
        List<String> quoted = List.of(spaceSeparated.split(" ")).stream().map(SuperblockReport::str).toList();
        return "[" + String.join(", ", quoted) + "]";
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

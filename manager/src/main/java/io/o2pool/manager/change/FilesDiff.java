package io.o2pool.manager.change;

import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.planner.TextDiff;

/** The unified diff of a server's cluster.conf and o2cb defaults from what it runs to a plan's files. Pure. */
public final class FilesDiff {
    private FilesDiff() {
    }

    /** The diff from {@code before} (null: no files yet) to {@code after}, labelled with the server and generations. */
    public static String of(String server, ConfigBundle before, ConfigBundle after) {
        return of(server, before == null ? "" : before.clusterConf(), before == null ? "" : before.o2cbDefaults(),
                before == null ? "none" : "generation " + before.generation(), after);
    }

    /** The diff from the given texts (what the server runs, described by {@code beforeLabel}) to {@code after}. */
    public static String of(String server, String clusterConf, String o2cbDefaults, String beforeLabel,
            ConfigBundle after) {
        String afterLabel = "generation " + after.generation();
        return TextDiff.unified(clusterConf, after.clusterConf(), server + " cluster.conf (" + beforeLabel + ")",
                server + " cluster.conf (" + afterLabel + ")")
                + TextDiff.unified(o2cbDefaults, after.o2cbDefaults(), server + " o2cb defaults (" + beforeLabel + ")",
                server + " o2cb defaults (" + afterLabel + ")");
    }
}

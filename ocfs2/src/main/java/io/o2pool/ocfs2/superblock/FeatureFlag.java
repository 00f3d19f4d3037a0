package io.o2pool.ocfs2.superblock;

import java.util.ArrayList;
import java.util.List;

/**
 * The OCFS2 feature bits with the names ocfs2-tools prints, in libocfs2's table order ({@code feature_string.c},
 * {@code ocfs2_feature_names}), so {@link #describe} gives exactly what {@code tunefs.ocfs2 -Q %M/%H/%O} and
 * {@code debugfs.ocfs2 -R stats} show, including the trailing {@code unknown} for bits the table lacks.
 */
public enum FeatureFlag {
    HEARTBEAT_DEVICE(Word.INCOMPAT, 0x0002, "heartbeat-device"),
    ABORTED_RESIZE(Word.INCOMPAT, 0x0004, "aborted-resize"),
    /** The volume is local (single node); cleared by {@code tunefs.ocfs2 -M cluster}. */
    LOCAL(Word.INCOMPAT, 0x0008, "local"),
    SPARSE(Word.INCOMPAT, 0x0010, "sparse"),
    EXTENDED_SLOTMAP(Word.INCOMPAT, 0x0100, "extended-slotmap"),
    ABORTED_TUNEFS(Word.INCOMPAT, 0x0020, "aborted-tunefs"),
    /** Cluster info names a user-space stack (pcmk, cman) — the older way of recording the stack. */
    USERSPACE_STACK(Word.INCOMPAT, 0x0080, "userspace-stack"),
    BACKUP_SUPER(Word.COMPAT, 0x0001, "backup-super"),
    UNWRITTEN(Word.RO_COMPAT, 0x0001, "unwritten"),
    INLINE_DATA(Word.INCOMPAT, 0x0040, "inline-data"),
    STRICT_JOURNAL_SUPER(Word.COMPAT, 0x0002, "strict-journal-super"),
    METAECC(Word.INCOMPAT, 0x0800, "metaecc"),
    XATTR(Word.INCOMPAT, 0x0200, "xattr"),
    INDEXED_DIRS(Word.INCOMPAT, 0x0400, "indexed-dirs"),
    USRQUOTA(Word.RO_COMPAT, 0x0002, "usrquota"),
    GRPQUOTA(Word.RO_COMPAT, 0x0004, "grpquota"),
    REFCOUNT(Word.INCOMPAT, 0x1000, "refcount"),
    DISCONTIG_BG(Word.INCOMPAT, 0x2000, "discontig-bg"),
    /** Cluster info (stack, flags, cluster name) is valid for any stack, o2cb included. */
    CLUSTERINFO(Word.INCOMPAT, 0x4000, "clusterinfo"),
    APPEND_DIO(Word.INCOMPAT, 0x8000, "append-dio");

    /** Which of the superblock's three feature words a flag lives in. */
    public enum Word {
        /** {@code s_feature_compat} (0xDC). */
        COMPAT,
        /** {@code s_feature_incompat} (0xE0). */
        INCOMPAT,
        /** {@code s_feature_ro_compat} (0xE4). */
        RO_COMPAT
    }

    private final Word word;
    private final int bit;
    private final String toolName;

    FeatureFlag(Word word, int bit, String toolName) {
        this.word = word;
        this.bit = bit;
        this.toolName = toolName;
    }

    /** The feature word this flag is in. */
    public Word word() {
        return word;
    }

    /** The flag's bit in its word. */
    public int bit() {
        return bit;
    }

    /** The name ocfs2-tools prints ({@code extended-slotmap}, {@code clusterinfo}, ...). */
    public String toolName() {
        return toolName;
    }

    /** Whether this flag is set in {@code value}, the content of its feature word. */
    public boolean in(int value) {
        return (value & bit) != 0;
    }

    /** The flags of word {@code set} present in {@code value}, in table order. */
    public static List<FeatureFlag> of(Word set, int value) {
        List<FeatureFlag> found = new ArrayList<>();
        for (FeatureFlag f : values()) {
            if (f.word == set && f.in(value)) {
                found.add(f);
            }
        }
        return found;
    }

    /**
     * The space-separated names of the flags of word {@code set} present in {@code value}, as libocfs2's
     * {@code ocfs2_snprint_feature_flags} prints them: table order, then {@code unknown} if bits remain.
     */
    public static String describe(Word set, int value) {
        List<String> names = new ArrayList<>();
        int known = 0;
        for (FeatureFlag f : of(set, value)) {
            names.add(f.toolName);
            known |= f.bit;
        }
        if (known != value) {
            names.add("unknown");
        }
        return String.join(" ", names);
    }
}

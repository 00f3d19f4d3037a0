package io.o2pool.manager.change;

import java.util.Locale;

/**
 * One kind of step of a cluster-changing operation. Each operation names its steps with its own enum (e.g.
 * {@code AddServerStep}), so a plan's steps are typed values, persisted by {@link #id()}.
 */
public interface ChangeStep {

    /** The enum constant's name (enums implement it). */
    String name();

    /** The persisted, API-visible name: the enum constant in lower case ({@code stage}, {@code wait_live}). */
    default String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} whose {@link #id()} is {@code id}. */
    static <E extends Enum<E> & ChangeStep> E of(Class<E> type, String id) {
        return Enum.valueOf(type, id.toUpperCase(Locale.ROOT));
    }
}

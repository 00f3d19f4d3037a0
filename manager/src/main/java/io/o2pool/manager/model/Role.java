package io.o2pool.manager.model;

/**
 * What a manager user may do. The rule per request is {@code io.o2pool.manager.api.Access}; each role includes the
 * ones below it.
 */
public enum Role {
    /** Reads everything and runs dry runs (plans); changes nothing. */
    VIEWER,
    /** Also changes pools, servers and jobs. */
    OPERATOR,
    /** Also manages users. */
    ADMIN;

    /** Whether this role includes {@code other} (an admin may do what an operator may, who may do what a viewer may). */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }
}

package io.o2pool.manager.model;

import java.time.Instant;

/** A manager user (the password hash stays in the store). */
public record User(String name, Role role, Instant createdAt) {
}

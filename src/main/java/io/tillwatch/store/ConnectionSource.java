package io.tillwatch.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the writer's connection: once at start, and again whenever the previous one was lost. */
@FunctionalInterface
interface ConnectionSource {
  Connection open() throws SQLException;
}

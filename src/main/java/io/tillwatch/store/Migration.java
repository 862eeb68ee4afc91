package io.tillwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One versioned schema change: a SQL script on the classpath ({@code db/migration/V<n>__<name>.sql}). */
record Migration(int version, String description, String resource) {

  /** Every migration this code knows, in order. Append only: never edit a released script. */
  static final List<Migration> ALL = List.of(
      new Migration(1, "init", "db/migration/V1__init.sql"),
      new Migration(2, "terminal credentials", "db/migration/V2__terminal_credentials.sql"),
      new Migration(3, "sale reference", "db/migration/V3__sale_reference.sql"),
      new Migration(4, "task follow-up", "db/migration/V4__task_follow_up.sql"),
      new Migration(5, "back-office checks", "db/migration/V5__backoffice_checks.sql"),
      new Migration(6, "terminal commands", "db/migration/V6__commands.sql"),
      new Migration(7, "reconcile", "db/migration/V7__reconcile.sql"),
      new Migration(8, "task place", "db/migration/V8__task_place.sql"));

  static int latest(List<Migration> migrations) {
    return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
  }

  /** The script's statements. Splits on ';' at the end of a line and drops "--" comment lines. */
  List<String> statements() {
    String text;
    try (InputStream in = Migration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new StoreException("migration script missing from the classpath: " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + resource, e);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}

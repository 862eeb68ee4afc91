package io.tillwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One versioned schema change: a SQL script on the classpath ({@code db/migration/V<n>__<name>.sql}). */
record Migration(int version, String description, String resource) {

  /** Every SQLite migration this code knows, in order. Append only: never edit a released script. */
  static final List<Migration> SQLITE = List.of(
      new Migration(1, "init", "db/migration/sqlite/V1__init.sql"),
      new Migration(2, "terminal credentials", "db/migration/sqlite/V2__terminal_credentials.sql"),
      new Migration(3, "sale reference", "db/migration/sqlite/V3__sale_reference.sql"),
      new Migration(4, "task follow-up", "db/migration/sqlite/V4__task_follow_up.sql"),
      new Migration(5, "back-office checks", "db/migration/sqlite/V5__backoffice_checks.sql"),
      new Migration(6, "terminal commands", "db/migration/sqlite/V6__commands.sql"),
      new Migration(7, "reconcile", "db/migration/sqlite/V7__reconcile.sql"),
      new Migration(8, "task place", "db/migration/sqlite/V8__task_place.sql"));

  /**
   * The PostgreSQL migrations. PostgreSQL support came with schema version 8, so its first script
   * creates that version whole; from V9 on, every change is written once for each database under
   * the same number, and both databases always say the same version for the same schema.
   */
  static final List<Migration> POSTGRES = List.of(
      new Migration(8, "schema of V8", "db/migration/postgres/V8__schema.sql"));

  static List<Migration> of(Dialect dialect) {
    return dialect == Dialect.SQLITE ? SQLITE : POSTGRES;
  }

  static int latest(List<Migration> migrations) {
    return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
  }

  /**
   * The script's statements. Splits on ';' at the end of a line and drops "--" comment lines;
   * between two lines holding {@code $$} (a PL/pgSQL function body) nothing is split.
   */
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
    boolean inBody = false;
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if ((trimmed.length() - trimmed.replace("$$", "").length()) / 2 % 2 == 1) {
        inBody = !inBody;
      }
      if (!inBody && trimmed.endsWith(";")) {
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

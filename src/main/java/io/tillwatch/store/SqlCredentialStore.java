package io.tillwatch.store;

import io.tillwatch.auth.Credential;
import io.tillwatch.auth.CredentialStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Credentials in the store's SQLite file. Writes go through the group-commit writer like every
 * other write (the CLI and the daemon may both have the file open: WAL lets the daemon read the
 * CLI's changes on its next lookup); reads use the read pool.
 */
public final class SqlCredentialStore implements CredentialStore {
  private static final String COLUMNS = "username, kind, merchant, secret_hash, created_ms, revoked_ms";

  private final GroupCommitWriter writer;
  private final ReadPool reads;

  SqlCredentialStore(GroupCommitWriter writer, ReadPool reads) {
    this.writer = writer;
    this.reads = reads;
  }

  @Override
  public Optional<Credential> find(String username) {
    return reads.read("credential", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM credentials WHERE username = ?")) {
        ps.setString(1, username);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.<Credential>empty();
        }
      }
    });
  }

  @Override
  public void put(Credential cr) {
    writer.submit(s -> {
      PreparedStatement ps = s.prepare("INSERT INTO credentials (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT(username) DO UPDATE SET kind = excluded.kind, merchant = excluded.merchant, "
          + "secret_hash = excluded.secret_hash, created_ms = excluded.created_ms, revoked_ms = excluded.revoked_ms");
      ps.setString(1, cr.username());
      ps.setString(2, cr.kind().name());
      ps.setString(3, cr.merchant());
      ps.setString(4, cr.secretHash());
      ps.setLong(5, cr.createdMs());
      ps.setLong(6, cr.revokedMs());
      ps.executeUpdate();
      return null;
    }).join();
  }

  @Override
  public boolean revoke(String username, long atMs) {
    return writer.submit(s -> {
      PreparedStatement ps = s.prepare("UPDATE credentials SET revoked_ms = ? WHERE username = ? AND revoked_ms = 0");
      ps.setLong(1, atMs);
      ps.setString(2, username);
      return ps.executeUpdate() == 1;
    }).join();
  }

  @Override
  public List<Credential> changedSince(long sinceMs) {
    return reads.read("credential changes", c -> {
      List<Credential> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM credentials WHERE created_ms >= ? OR revoked_ms >= ?")) {
        ps.setLong(1, sinceMs);
        ps.setLong(2, sinceMs);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<Credential> list() {
    return reads.read("credentials", c -> {
      List<Credential> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM credentials ORDER BY merchant, username");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    });
  }

  private static Credential row(ResultSet rs) throws SQLException {
    return new Credential(rs.getString(1), Credential.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
        rs.getLong(5), rs.getLong(6));
  }
}

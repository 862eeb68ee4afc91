package io.tillwatch.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Small JDBC helpers for nullable columns. */
final class Sql {
  private Sql() {}

  static void setText(PreparedStatement ps, int i, String v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  static void setName(PreparedStatement ps, int i, Enum<?> v) throws SQLException {
    setText(ps, i, v == null ? null : v.name());
  }

  /** Stores {@code absent} as NULL. */
  static void setLongOrNull(PreparedStatement ps, int i, long v, long absent) throws SQLException {
    if (v == absent) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  /** Reads NULL as {@code absent}. */
  static long getLong(ResultSet rs, String col, long absent) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? absent : v;
  }

  static Integer getInteger(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  static <E extends Enum<E>> E getEnum(ResultSet rs, String col, Class<E> type) throws SQLException {
    String v = rs.getString(col);
    return v == null ? null : Enum.valueOf(type, v);
  }
}

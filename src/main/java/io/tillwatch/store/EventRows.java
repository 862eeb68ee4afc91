package io.tillwatch.store;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Mapping of {@link TxnEvent} and {@link TerminalSnapshot} to and from their tables. */
final class EventRows {
  private EventRows() {}

  static final String INSERT_EVENT = "INSERT INTO events (received_ms, merchant, terminal, txn, seq, event, at_ms, "
      + "amount, currency, method, rrn, auth_code, pan, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String EVENT_COLUMNS = "received_ms, merchant, terminal, txn, seq, event, at_ms, amount, currency, "
      + "method, rrn, auth_code, pan, ref";

  static final String UPSERT_TERMINAL = "INSERT INTO terminals (merchant, terminal, last_heard_ms, online, "
      + "interval_sec, last_seq_reported, pending_uploads, pending_since_ms, printer, firmware, network, signal, store, "
      + "region, last_heartbeat_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      + "ON CONFLICT (merchant, terminal) DO UPDATE SET last_heard_ms = excluded.last_heard_ms, "
      + "online = excluded.online, interval_sec = excluded.interval_sec, "
      + "last_seq_reported = excluded.last_seq_reported, pending_uploads = excluded.pending_uploads, "
      + "pending_since_ms = excluded.pending_since_ms, printer = excluded.printer, firmware = excluded.firmware, "
      + "network = excluded.network, signal = excluded.signal, store = excluded.store, region = excluded.region, "
      + "last_heartbeat_at_ms = excluded.last_heartbeat_at_ms";

  static void bindEvent(PreparedStatement ps, TxnEvent e, long receivedAtMs) throws SQLException {
    ps.setLong(1, receivedAtMs);
    ps.setString(2, e.merchant());
    ps.setString(3, e.terminal());
    ps.setString(4, e.txn());
    ps.setLong(5, e.seq());
    ps.setString(6, e.type().name());
    ps.setLong(7, e.atMs());
    Sql.setLongOrNull(ps, 8, e.amount(), TxnEvent.NO_AMOUNT);
    Sql.setText(ps, 9, e.currency());
    Sql.setName(ps, 10, e.method());
    Sql.setText(ps, 11, e.rrn());
    Sql.setText(ps, 12, e.authCode());
    Sql.setText(ps, 13, e.pan());
    Sql.setText(ps, 14, e.ref());
  }

  static StoredEvent readEvent(ResultSet rs) throws SQLException {
    TxnEvent e = new TxnEvent(
        rs.getString("merchant"),
        rs.getString("terminal"),
        rs.getString("txn"),
        rs.getLong("seq"),
        EventType.valueOf(rs.getString("event")),
        rs.getLong("at_ms"),
        Sql.getLong(rs, "amount", TxnEvent.NO_AMOUNT),
        rs.getString("currency"),
        Sql.getEnum(rs, "method", PaymentMethod.class),
        rs.getString("rrn"),
        rs.getString("auth_code"),
        rs.getString("pan"),
        rs.getString("ref"));
    return new StoredEvent(rs.getLong("received_ms"), e);
  }

  static void bindTerminal(PreparedStatement ps, TerminalSnapshot t) throws SQLException {
    ps.setString(1, t.merchant());
    ps.setString(2, t.terminal());
    ps.setLong(3, t.lastHeardMs());
    ps.setInt(4, t.online() ? 1 : 0);
    ps.setInt(5, t.intervalSec());
    ps.setLong(6, t.lastSeqReported());
    ps.setInt(7, t.pendingUploads());
    ps.setLong(8, t.pendingSinceMs());
    Sql.setText(ps, 9, t.printer());
    Sql.setText(ps, 10, t.firmware());
    Sql.setText(ps, 11, t.network());
    Sql.setInteger(ps, 12, t.signal());
    Sql.setText(ps, 13, t.store());
    Sql.setText(ps, 14, t.region());
    ps.setLong(15, t.lastHeartbeatAtMs());
  }

  static TerminalSnapshot readTerminal(ResultSet rs) throws SQLException {
    return new TerminalSnapshot(
        rs.getString("merchant"),
        rs.getString("terminal"),
        rs.getLong("last_heard_ms"),
        rs.getInt("online") != 0,
        rs.getInt("interval_sec"),
        rs.getLong("last_seq_reported"),
        rs.getInt("pending_uploads"),
        rs.getLong("pending_since_ms"),
        rs.getString("printer"),
        rs.getString("firmware"),
        rs.getString("network"),
        Sql.getInteger(rs, "signal"),
        rs.getString("store"),
        rs.getString("region"),
        rs.getLong("last_heartbeat_at_ms"));
  }
}

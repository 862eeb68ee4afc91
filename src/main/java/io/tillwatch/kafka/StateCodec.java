package io.tillwatch.kafka;

import io.tillwatch.engine.TerminalSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a detector's state stores (and so of their changelog topics). A leading version byte
 * lets a later release read what an earlier one wrote: a rolling upgrade restores its partitions from
 * changelogs written by the previous version.
 *
 * <p>Store {@code terminals}: key {@code merchant/terminal} (the record key), value a
 * {@link TerminalSnapshot}; plus one reserved key for the partition's clock, in
 * {@link PartitionClock}'s own encoding. Store {@code sale-events}:
 * key the input offset (8 bytes, big-endian, so the store iterates in the order the events were
 * processed), value the receive time, ids and the payload as accepted.
 */
final class StateCodec {
  private static final byte VERSION = 1;
  /** Never a terminal key: ids are [A-Za-z0-9_.-]. */
  static final byte[] CLOCK_KEY = {0, 'c', 'l', 'o', 'c', 'k'};

  /** A transaction event as kept in the sale-events store. */
  record SaleEvent(long receivedAtMs, String merchant, String terminal, String txn, byte[] payload) {}

  private StateCodec() {}

  static byte[] offsetKey(long offset) {
    return ByteBuffer.allocate(8).putLong(offset).array();
  }

  static byte[] saleEvent(SaleEvent e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + e.payload().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(e.receivedAtMs());
      out.writeUTF(e.merchant());
      out.writeUTF(e.terminal());
      out.writeUTF(e.txn());
      out.writeInt(e.payload().length);
      out.write(e.payload());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  static SaleEvent saleEvent(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      version(in);
      long received = in.readLong();
      String merchant = in.readUTF();
      String terminal = in.readUTF();
      String txn = in.readUTF();
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return new SaleEvent(received, merchant, terminal, txn, payload);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static byte[] terminal(TerminalSnapshot t) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(t.merchant());
      out.writeUTF(t.terminal());
      out.writeLong(t.lastHeardMs());
      out.writeBoolean(t.online());
      out.writeInt(t.intervalSec());
      out.writeLong(t.lastSeqReported());
      out.writeInt(t.pendingUploads());
      out.writeLong(t.pendingSinceMs());
      text(out, t.printer());
      text(out, t.firmware());
      text(out, t.network());
      out.writeBoolean(t.signal() != null);
      out.writeInt(t.signal() == null ? 0 : t.signal());
      text(out, t.store());
      text(out, t.region());
      out.writeLong(t.lastHeartbeatAtMs());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  static TerminalSnapshot terminal(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      version(in);
      String merchant = in.readUTF();
      String terminal = in.readUTF();
      long lastHeard = in.readLong();
      boolean online = in.readBoolean();
      int interval = in.readInt();
      long lastSeq = in.readLong();
      int pending = in.readInt();
      long pendingSince = in.readLong();
      String printer = text(in);
      String firmware = text(in);
      String network = text(in);
      boolean hasSignal = in.readBoolean();
      int signal = in.readInt();
      String store = text(in);
      String region = text(in);
      long lastHeartbeatAt = in.readLong();
      return new TerminalSnapshot(merchant, terminal, lastHeard, online, interval, lastSeq, pending, pendingSince, printer,
          firmware, network, hasSignal ? signal : null, store, region, lastHeartbeatAt);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static boolean isClock(byte[] key) {
    return key.length > 0 && key[0] == 0;
  }

  static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  private static void version(DataInputStream in) throws IOException {
    byte v = in.readByte();
    if (v != VERSION) {
      throw new IOException("state written by a newer TillWatch (format " + v + "); this one reads format " + VERSION);
    }
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    out.writeUTF(s == null ? "" : s);
  }

  private static String text(DataInputStream in) throws IOException {
    boolean present = in.readBoolean();
    String s = in.readUTF();
    return present ? s : null;
  }
}

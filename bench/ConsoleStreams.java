import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N open consoles, as far as the daemon can tell: N connections to the live task stream
 * ({@code GET /api/v1/tasks/events}, Server-Sent Events) read as fast as they arrive and counted.
 * A console that loses its stream reconnects (as EventSource does); reconnects are counted, since
 * the daemon drops a client that does not keep up.
 *
 * <p>Plain sockets rather than an HTTP client library: the harness runs on the same cores as the
 * daemon it measures, so it should cost as little CPU as a reader can. Events are counted by the
 * {@code event: task} line each carries; the daemon writes one event per chunk, so a chunk's framing
 * never splits that line.
 *
 * <p>Usage: {@code java bench/ConsoleStreams.java PORT STREAMS OUT.json [QUERY]}, QUERY e.g.
 * {@code merchant=nobody} (streams that stay open but receive no changes: the cost of holding them
 * apart from the cost of feeding them); a bearer token from TILLWATCH_TOKEN if set. Runs until
 * killed (SIGTERM), then writes its counts to OUT.json. Started beside each daemon by
 * bench/console-load.sh through bench/ingest.sh's {@code --sidecar}.
 */
public final class ConsoleStreams {
  private static final byte[] MARK = "event: task\n".getBytes(StandardCharsets.US_ASCII);

  private final int port;
  private final String path;
  private final String token;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile String lastRefusal = "";

  private ConsoleStreams(int port, String query, String token) {
    this.port = port;
    this.path = "/api/v1/tasks/events" + (query == null || query.isEmpty() ? "" : "?" + query);
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: java bench/ConsoleStreams.java PORT STREAMS OUT.json [QUERY]");
      System.exit(2);
    }
    ConsoleStreams s = new ConsoleStreams(Integer.parseInt(args[0]), args.length > 3 ? args[3] : null,
        System.getenv("TILLWATCH_TOKEN"));
    int streams = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      s.running.set(false);
      try {
        Files.writeString(out, s.summary(streams, (System.nanoTime() - started) / 1e9));
      } catch (IOException e) {
        System.err.println("streams: cannot write " + out + ": " + e);
      }
    }));
    for (int i = 0; i < streams; i++) {
      Thread t = new Thread(s::readForever, "stream-" + i);
      t.setDaemon(true);
      t.start();
    }
    while (s.open.get() < streams) {
      Thread.sleep(50); // start-up only: reports when all are connected
    }
    System.out.printf("streams: %d connected after %.1f s%n", streams, (System.nanoTime() - started) / 1e9);
    Thread.currentThread().join(); // until SIGTERM
  }

  private void readForever() {
    while (running.get()) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream o = socket.getOutputStream();
        String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        o.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n" + auth
            + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
        InputStream in = socket.getInputStream();
        String status = statusLine(in);
        if (!status.contains(" 200")) {
          refused.incrementAndGet();
          lastRefusal = status;
          pause();
          continue;
        }
        connects.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
          count(in);
        } finally {
          open.decrementAndGet();
        }
        if (running.get()) {
          dropped.incrementAndGet(); // the daemon ended the stream while we still read it
        }
      } catch (IOException e) {
        if (running.get()) {
          dropped.incrementAndGet();
          pause();
        }
      }
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      b.append((char) c);
    }
    return b.toString().trim();
  }

  /** Counts MARK occurrences until the stream ends (headers included: they never contain it). */
  private void count(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    int matched = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      bytes.addAndGet(n);
      long found = 0;
      for (int i = 0; i < n; i++) {
        byte c = buf[i];
        if (c == MARK[matched]) {
          if (++matched == MARK.length) {
            found++;
            matched = 0;
          }
        } else {
          matched = c == MARK[0] ? 1 : 0;
        }
      }
      events.addAndGet(found);
    }
  }

  private void pause() {
    try {
      Thread.sleep(1000); // EventSource's default retry before reconnecting
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This harness's own CPU seconds: it shares the cores with the daemon it measures, so its cost is reported. */
  private static double cpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean b ? b.getProcessCpuTime() / 1e9 : -1;
  }

  private String summary(int streams, double seconds) {
    return String.format(Locale.ROOT, "{\"streams\":%d,\"maxOpen\":%d,\"connects\":%d,\"dropped\":%d,\"refused\":%d,"
        + "\"lastRefusal\":\"%s\",\"events\":%d,\"bytes\":%d,\"seconds\":%.1f,\"cpuSec\":%.2f}%n", streams, maxOpen.get(),
        connects.get(), dropped.get(), refused.get(), lastRefusal.replace("\"", "'"), events.get(), bytes.get(), seconds,
        cpuSeconds());
  }
}

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The cluster benchmark's view of Kafka (bench/cluster.sh, bench/ingest.sh --kafka). Runs on the
 * class path of target/tillwatch.jar, which carries the Kafka client.
 *
 * <ul>
 *   <li>{@code progress BOOTSTRAP GROUP TOPIC OUT INTERVAL_MS}: until SIGTERM, samples the detector
 *       group's committed offset and the end offset of every partition of the events topic
 *       ({@code s <epoch ms> <committed,...> <end,...>}), and every fifth sample which member holds
 *       each partition ({@code o <epoch ms> <client id or -,...>}). Under exactly-once a committed
 *       offset moves when the detector's transaction commits (every 100 ms by default), after its
 *       task writes: it is the detector's "processed up to here".</li>
 *   <li>{@code fill BOOTSTRAP TOPIC SALES TERMINALS MERCHANTS}: writes SALES open sales (STARTED then
 *       AUTHORIZED, never PRINTED) spread over TERMINALS terminals, as gateway records, stamped now.</li>
 *   <li>{@code rate PROGRESS FROM_MS TO_MS}: records the group committed between the two times, per
 *       second, and the lag at TO_MS ({@code {"committedPerSec":..,"lagAtEnd":..}}).</li>
 *   <li>{@code drained PROGRESS FROM_MS MAX_LAG}: the first sample at or after FROM_MS with lag at most
 *       MAX_LAG, as ms after FROM_MS (-1: never).</li>
 *   <li>{@code resumed PROGRESS FROM_MS}: for each partition, the first sample after FROM_MS whose
 *       committed offset is above the one at FROM_MS; prints the slowest and every one, ms after FROM_MS.</li>
 *   <li>{@code pauses PROGRESS CHANGES}: per change (lines {@code <epoch ms> <what>}) the processing
 *       pause of the partitions that moved (see {@link #pauses}).</li>
 * </ul>
 */
public final class ClusterProbe {
  public static void main(String[] a) throws Exception {
    switch (a[0]) {
      case "progress" -> progress(a[1], a[2], a[3], Path.of(a[4]), Long.parseLong(a[5]));
      case "fill" -> fill(a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
      case "rate" -> rate(Path.of(a[1]), Long.parseLong(a[2]), Long.parseLong(a[3]));
      case "drained" -> drained(Path.of(a[1]), Long.parseLong(a[2]), Long.parseLong(a[3]));
      case "resumed" -> resumed(Path.of(a[1]), Long.parseLong(a[2]));
      case "pauses" -> pauses(Path.of(a[1]), Path.of(a[2]));
      default -> throw new IllegalArgumentException(a[0]);
    }
  }

  // ---- sampling ------------------------------------------------------------------------------

  static void progress(String bootstrap, String group, String topic, Path out, long intervalMs) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.set(false);
      try {
        main.join(3_000);
      } catch (InterruptedException ignored) {
        // exiting
      }
    }));
    try (Admin admin = Admin.create(p); PrintWriter w = new PrintWriter(Files.newBufferedWriter(out), false)) {
      int partitions = -1;
      long n = 0;
      while (running.get()) {
        long t0 = System.currentTimeMillis();
        try {
          if (partitions < 0) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic).partitions().size();
          }
          Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
          for (int i = 0; i < partitions; i++) {
            ask.put(new TopicPartition(topic, i), OffsetSpec.latest());
          }
          var endsF = admin.listOffsets(ask).all();
          var committedF = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
          Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = endsF.get(5, TimeUnit.SECONDS);
          Map<TopicPartition, OffsetAndMetadata> committed = committedF.get(5, TimeUnit.SECONDS);
          long at = System.currentTimeMillis();
          StringBuilder c = new StringBuilder();
          StringBuilder e = new StringBuilder();
          for (int i = 0; i < partitions; i++) {
            TopicPartition tp = new TopicPartition(topic, i);
            OffsetAndMetadata om = committed.get(tp);
            c.append(i == 0 ? "" : ",").append(om == null ? 0 : om.offset());
            e.append(i == 0 ? "" : ",").append(ends.get(tp).offset());
          }
          w.println("s " + at + " " + c + " " + e);
          if (n++ % 5 == 0) {
            String[] owner = new String[partitions];
            Arrays.fill(owner, "-");
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
            for (MemberDescription m : d.members()) {
              for (TopicPartition tp : m.assignment().topicPartitions()) {
                if (tp.topic().equals(topic)) {
                  owner[tp.partition()] = m.clientId().replace(',', '_');
                }
              }
            }
            w.println("o " + System.currentTimeMillis() + " " + String.join(",", owner));
          }
          w.flush();
        } catch (Exception ex) {
          w.println("# " + System.currentTimeMillis() + " " + ex.toString().replace('\n', ' '));
          w.flush();
        }
        long sleep = intervalMs - (System.currentTimeMillis() - t0);
        if (sleep > 0 && running.get()) {
          Thread.sleep(sleep);
        }
      }
    }
  }

  // ---- filling a detector with open sales ------------------------------------------------------

  static void fill(String bootstrap, String topic, int sales, int terminals, int merchants) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    long[] seq = new long[terminals];
    AtomicLong bytes = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long started = System.nanoTime();
    long records = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int s = 0; s < sales; s++) {
        int t = s % terminals;
        String merchant = "m" + (t % merchants);
        String terminal = "fill" + t;
        String mqtt = "pos/v1/" + merchant + "/" + terminal + "/txn";
        String txn = "S" + (s / terminals);
        for (String event : new String[] {"STARTED", "AUTHORIZED"}) {
          long now = System.currentTimeMillis();
          String at = Instant.ofEpochMilli(now).toString();
          String json = "AUTHORIZED".equals(event)
              ? String.format(Locale.ROOT, "{\"txn\":\"%s\",\"seq\":%d,\"event\":\"AUTHORIZED\",\"at\":\"%s\",\"amount\":%d,"
                  + "\"currency\":\"CNY\",\"method\":\"CARD\",\"rrn\":\"%012d\",\"authCode\":\"A1B2C3\",\"pan\":\"622848******1234\","
                  + "\"ref\":\"%s-%s\"}", txn, seq[t]++, at, 1000 + s % 50_000, s, terminal, txn)
              : String.format(Locale.ROOT, "{\"txn\":\"%s\",\"seq\":%d,\"event\":\"STARTED\",\"at\":\"%s\",\"amount\":%d,"
                  + "\"currency\":\"CNY\"}", txn, seq[t]++, at, 1000 + s % 50_000);
          byte[] value = json.getBytes(StandardCharsets.UTF_8);
          byte[] key = (merchant + "/" + terminal).getBytes(StandardCharsets.UTF_8);
          var headers = new RecordHeaders().add("mqtt_topic", mqtt.getBytes(StandardCharsets.UTF_8));
          bytes.addAndGet(value.length + key.length);
          producer.send(new ProducerRecord<>(topic, null, now, key, value, headers), (md, err) -> {
            if (err != null) {
              failed.incrementAndGet();
            }
          });
          records++;
        }
      }
      producer.flush();
    }
    System.out.printf(Locale.ROOT, "{\"sales\":%d,\"records\":%d,\"terminals\":%d,\"keyValueBytes\":%d,\"failed\":%d,\"ms\":%d}%n",
        sales, records, terminals, bytes.get(), failed.get(), (System.nanoTime() - started) / 1_000_000);
  }

  // ---- reading a progress file --------------------------------------------------------------

  record Sample(long at, long[] committed, long[] end) {
    long lag() {
      long sum = 0;
      for (int i = 0; i < end.length; i++) {
        sum += Math.max(0, end[i] - committed[i]);
      }
      return sum;
    }

    long committedSum() {
      return Arrays.stream(committed).sum();
    }
  }

  record Owners(long at, String[] owner) {}

  static List<Sample> samples(Path file) throws IOException {
    List<Sample> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      if (f[0].equals("s") && f.length == 4) {
        out.add(new Sample(Long.parseLong(f[1]), longs(f[2]), longs(f[3])));
      }
    }
    return out;
  }

  static List<Owners> owners(Path file) throws IOException {
    List<Owners> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      if (f[0].equals("o") && f.length == 3) {
        out.add(new Owners(Long.parseLong(f[1]), f[2].split(",")));
      }
    }
    return out;
  }

  static long[] longs(String csv) {
    return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }

  static Sample at(List<Sample> s, long t) {
    Sample best = s.get(0);
    for (Sample x : s) {
      if (x.at() <= t) {
        best = x;
      }
    }
    return best;
  }

  static void rate(Path file, long from, long to) throws IOException {
    List<Sample> s = samples(file);
    Sample a = at(s, from);
    Sample b = at(s, to);
    double secs = (b.at() - a.at()) / 1000.0;
    System.out.printf(Locale.ROOT, "{\"committedPerSec\":%.1f,\"lagAtEnd\":%d,\"sampleSecs\":%.2f}%n",
        secs > 0 ? (b.committedSum() - a.committedSum()) / secs : 0.0, b.lag(), secs);
  }

  static void drained(Path file, long from, long maxLag) throws IOException {
    for (Sample x : samples(file)) {
      if (x.at() >= from && x.lag() <= maxLag) {
        System.out.println(x.at() - from);
        return;
      }
    }
    System.out.println(-1);
  }

  static void resumed(Path file, long from) throws IOException {
    List<Sample> s = samples(file);
    // A commit of the old owner may still show in the first samples after FROM_MS (its transaction was
    // committing at the kill): the baseline is taken 1.5 s later, well before any new owner can commit.
    Sample base = at(s, from + 1500);
    int n = base.committed().length;
    long[] first = new long[n];
    Arrays.fill(first, -1);
    for (Sample x : s) {
      if (x.at() <= base.at()) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        if (first[i] < 0 && x.committed()[i] > base.committed()[i]) {
          first[i] = x.at() - from;
        }
      }
    }
    long slowest = Arrays.stream(first).anyMatch(v -> v < 0) ? -1 : Arrays.stream(first).max().orElse(-1);
    System.out.printf(Locale.ROOT, "{\"allResumedMs\":%d,\"perPartitionMs\":%s}%n", slowest, Arrays.toString(first));
  }

  /**
   * The pause of a partition at a change at t0 (until the next change t1): the longest interval
   * between two consecutive advances of its committed offset, the later of which falls in (t0, t1]
   * (under steady load records are always waiting). When it does not advance
   * again before t1 the pause is t1 minus its last advance, marked censored. Partitions "moved" are
   * those whose owner (client id of the consumer holding it) differs between the last owner sample
   * before t0 and the last one before t1. Steady state gives a gap of about the commit interval
   * (100 ms) plus the sampling interval.
   */
  static void pauses(Path file, Path changesFile) throws IOException {
    List<Sample> s = samples(file);
    List<Owners> o = owners(file);
    List<String[]> changes = new ArrayList<>();
    for (String line : Files.readAllLines(changesFile)) {
      if (!line.isBlank()) {
        changes.add(line.trim().split(" ", 2));
      }
    }
    long endOfData = s.get(s.size() - 1).at();
    int n = s.get(0).committed().length;
    List<Long> moved = new ArrayList<>();
    List<Long> handedOver = new ArrayList<>();
    List<Long> shuffled = new ArrayList<>();
    List<Long> unmovedMax = new ArrayList<>();
    Map<String, List<Long>> byKind = new TreeMap<>();
    StringBuilder each = new StringBuilder();
    for (int c = 0; c < changes.size(); c++) {
      long t0 = Long.parseLong(changes.get(c)[0]);
      String what = changes.get(c)[1];
      if (what.equals("end")) {
        continue; // closes the window of the change before it
      }
      long t1 = c + 1 < changes.size() ? Long.parseLong(changes.get(c + 1)[0]) : endOfData;
      String[] before = ownersAt(o, t0);
      String[] after = ownersAt(o, t1 - 1);
      long worstMoved = -1;
      long worstUnmoved = -1;
      int movedCount = 0;
      boolean censored = false;
      for (int p = 0; p < n; p++) {
        long lastAdvance = -1;
        long prevCommitted = -1;
        long pause = 0;
        boolean advancedAfter = false;
        for (Sample x : s) {
          if (x.at() > t1) {
            break;
          }
          if (prevCommitted >= 0 && x.committed()[p] > prevCommitted) {
            if (x.at() > t0 && lastAdvance >= 0) {
              pause = Math.max(pause, x.at() - lastAdvance);
              advancedAfter = true;
            }
            lastAdvance = x.at();
          }
          prevCommitted = x.committed()[p];
        }
        if (!advancedAfter && lastAdvance >= 0) {
          pause = Math.max(pause, t1 - lastAdvance);
        }
        boolean isMoved = before != null && after != null && !before[p].equals(after[p]);
        if (isMoved) {
          movedCount++;
          moved.add(pause);
          // Handed over: from the member that left, or to the one that joined; shuffled: between members
          // present before and after (the assignor's balancing of the rest).
          boolean fromLeaver = !Arrays.asList(after).contains(before[p]);
          boolean toJoiner = !Arrays.asList(before).contains(after[p]);
          (fromLeaver || toJoiner ? handedOver : shuffled).add(pause);
          byKind.computeIfAbsent(what.split(" ")[0] + (fromLeaver || toJoiner ? "-handedOver" : "-shuffled"),
              k -> new ArrayList<>()).add(pause);
          worstMoved = Math.max(worstMoved, pause);
          censored |= !advancedAfter;
        } else {
          worstUnmoved = Math.max(worstUnmoved, pause);
        }
      }
      unmovedMax.add(worstUnmoved);
      each.append(String.format(Locale.ROOT, "%s{\"at\":%d,\"change\":\"%s\",\"moved\":%d,\"movedMaxPauseMs\":%d,"
          + "\"unmovedMaxPauseMs\":%d,\"censored\":%b}", each.length() == 0 ? "" : ",", t0, what, movedCount, worstMoved, worstUnmoved, censored));
    }
    StringBuilder kinds = new StringBuilder();
    for (var e : byKind.entrySet()) {
      kinds.append(kinds.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":{\"n\":%d,\"p50Ms\":%d,\"p99Ms\":%d,\"maxMs\":%d}",
          e.getKey(), e.getValue().size(), pct(e.getValue(), 0.50), pct(e.getValue(), 0.99), pct(e.getValue(), 1.0)));
    }
    System.out.printf(Locale.ROOT, "{\"movedPartitionPauses\":%d,\"p50Ms\":%d,\"p99Ms\":%d,\"maxMs\":%d,"
        + "\"handedOver\":{\"n\":%d,\"p50Ms\":%d,\"p99Ms\":%d},\"shuffled\":{\"n\":%d,\"p50Ms\":%d,\"p99Ms\":%d},"
        + "\"unmovedMaxPauseP50Ms\":%d,\"unmovedMaxPauseMaxMs\":%d,\"byChange\":{%s},\"changes\":[%s]}%n", moved.size(),
        pct(moved, 0.5), pct(moved, 0.99), pct(moved, 1.0), handedOver.size(), pct(handedOver, 0.5), pct(handedOver, 0.99),
        shuffled.size(), pct(shuffled, 0.5), pct(shuffled, 0.99), pct(unmovedMax, 0.5), pct(unmovedMax, 1.0), kinds, each);
  }

  static String[] ownersAt(List<Owners> o, long t) {
    String[] best = null;
    for (Owners x : o) {
      if (x.at() <= t) {
        best = x.owner();
      }
    }
    return best;
  }

  /** Nearest-rank percentile; -1 for none. */
  static long pct(List<Long> values, double q) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> v = new ArrayList<>(values);
    v.sort(null);
    int rank = (int) Math.ceil(q * v.size());
    return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
  }
}

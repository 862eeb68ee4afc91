package io.tillwatch.bench.wheel;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.tillwatch.engine.BenchWheel;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jol.info.ClassLayout;

/**
 * Bytes per pending deadline, two ways: JOL's instance size of each structure's per-deadline
 * object, and the heap after full GCs with N deadlines pending minus before (minus the benchmark's
 * own handle array). Not a JMH benchmark: a main, run by scripts/jmh.sh in a JVM of its own.
 * Usage: java -Xmx6g -cp target/benchmarks.jar io.tillwatch.bench.wheel.Footprint layout|wheel|netty|netty-task [N]
 *
 * <p>What the numbers mean. The engine's wheel is intrusive: a sale or terminal IS its node, so the
 * real per-deadline cost is the node's fields (prev, next, deadline, bucket) inside an object that
 * exists anyway; the measured {@code BenchWheel.Node} adds an object header on top. A Netty user
 * pays a {@code HashedWheelTimeout} per pending deadline, plus a {@link TimerTask} that knows its
 * sale (measured both shared, the lower bound, and one small task per deadline), plus the
 * {@code Timeout} reference the sale must keep to cancel it.
 */
public final class Footprint {
  private Footprint() {}

  /** What a real Netty user schedules: a task that knows which object to re-evaluate (a class: JOL cannot lay out records). */
  private static final class OwnerTask implements TimerTask {
    final Object owner;

    OwnerTask(Object owner) {
      this.owner = owner;
    }

    @Override
    public void run(Timeout timeout) {}
  }

  /**
   * Args: {@code layout}, or a kind ({@code wheel}, {@code netty}, {@code netty-task}) and N. One
   * kind per JVM, so one measurement's leftovers (a timer's worker, queue chunks) cannot skew the next.
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("layout")) {
      layout();
      return;
    }
    int n = Integer.parseInt(args[1]);
    double perDeadline = switch (args[0]) {
      case "wheel" -> wheel(n);
      case "netty" -> netty(n, false);
      case "netty-task" -> netty(n, true);
      default -> throw new IllegalArgumentException(args[0]);
    };
    System.out.printf("N=%,d  %-10s %.1f B per pending deadline (heap after GC, delta / N)%n", n, args[0], perDeadline);
  }

  private static void layout() throws ClassNotFoundException {
    System.out.println("JOL instance sizes (this JVM):");
    System.out.println("  engine wheel node (BenchWheel.Node = DeadlineNode + header): "
        + ClassLayout.parseClass(BenchWheel.Node.class).instanceSize() + " B");
    Class<?> nettyTimeout = Class.forName("io.netty.util.HashedWheelTimer$HashedWheelTimeout");
    System.out.println("  Netty HashedWheelTimeout: " + ClassLayout.parseClass(nettyTimeout).instanceSize() + " B");
    System.out.println("  Netty per-owner TimerTask (one reference): "
        + ClassLayout.parseClass(OwnerTask.class).instanceSize() + " B");
    System.out.println(ClassLayout.parseClass(BenchWheel.Node.class).toPrintable());
    System.out.println(ClassLayout.parseClass(nettyTimeout).toPrintable());
  }

  private static double wheel(int n) {
    Population p = new Population(1); // only its delay generator
    long before = usedAfterGc();
    BenchWheel wheel = new BenchWheel(100, 1 << 14, 0);
    BenchWheel.Node[] nodes = new BenchWheel.Node[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = new BenchWheel.Node();
      wheel.schedule(nodes[i], p.initialDelay());
    }
    long after = usedAfterGc();
    if (wheel.size() != n || !nodes[n - 1].scheduled()) {
      throw new AssertionError("not all scheduled");
    }
    return (double) (after - before - arrayBytes(n)) / n;
  }

  private static double netty(int n, boolean taskPerDeadline) throws Exception {
    Population p = new Population(1);
    long before = usedAfterGc();
    NettyTimer netty = new NettyTimer();
    Timeout[] handles = new Timeout[n];
    for (int i = 0; i < n; i++) {
      TimerTask task = taskPerDeadline ? new OwnerTask(handles) : NettyTimer.NOTHING;
      handles[i] = netty.timer.newTimeout(task, p.initialDelay(), TimeUnit.MILLISECONDS);
    }
    netty.awaitDrained(); // in the buckets, the MPSC queue's chunks released
    long after = usedAfterGc();
    if (netty.timer.pendingTimeouts() != n) {
      throw new AssertionError("pending " + netty.timer.pendingTimeouts());
    }
    return (double) (after - before - arrayBytes(n)) / n;
  }

  /** A reference array: 16 B header plus 4 B a slot with compressed oops (the default below 32 GB). */
  private static long arrayBytes(int n) {
    return 16 + 4L * n;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

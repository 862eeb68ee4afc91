package io.tillwatch.tools;

import io.tillwatch.app.cli.HostPort;
import io.tillwatch.tools.load.CountingSubscriber;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Subscribes at QoS 1 and prints {@code count <epoch ms> <received so far>} every 200 ms until
 * stopped, so a script can take the received rate over any window it chooses.
 */
@Command(name = "count", mixinStandardHelpOptions = true,
    description = "A QoS 1 subscriber that only counts; prints 'count <epoch ms> <total>' every 200 ms until SIGTERM.")
final class CountCommand implements Callable<Integer> {
  @Option(names = "--broker", defaultValue = "127.0.0.1:1883", description = "host:port of the broker.")
  String broker;

  @Option(names = "--topic", defaultValue = "pos/v1/+/+/txn", description = "Topic filter to count.")
  String topic;

  @Option(names = "--client-id", defaultValue = "counting-subscriber", description = "Client id of the subscriber.")
  String clientId;

  @Override
  public Integer call() throws Exception {
    HostPort target = HostPort.parse(broker);
    Vertx vertx = Vertx.vertx();
    try {
      CountingSubscriber sub = CountingSubscriber.start(vertx, target.host(), target.port(), clientId, topic).await();
      System.out.println("count: subscribed to " + topic + " on " + broker);
      CountDownLatch done = new CountDownLatch(1);
      Signal.handle(new Signal("TERM"), s -> done.countDown());
      Signal.handle(new Signal("INT"), s -> done.countDown());
      do {
        System.out.println("count " + System.currentTimeMillis() + " " + sub.received());
        System.out.flush();
      } while (!done.await(200, TimeUnit.MILLISECONDS));
      System.out.println("count " + System.currentTimeMillis() + " " + sub.received());
      sub.stop().await();
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}

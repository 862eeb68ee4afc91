package io.tillwatch.e2e;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.ReprintRequest;
import io.tillwatch.commands.SaleDetails;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in its own JVM by {@link CommandCrashEndToEndTest}: starts the daemon on a data directory,
 * sends one reprint command (to a terminal that is not connected), prints {@code SENT <id>} and
 * waits to be killed.
 */
public final class CommandSenderMain {
  private CommandSenderMain() {}

  public static void main(String[] args) throws Exception {
    InProcessDaemon tw = new InProcessDaemon(Path.of(args[0]), Map.of());
    Command c = tw.daemon.commands().send(new ReprintRequest(args[1], "t_crash", "m001", args[2], "s1", SaleDetails.NONE)).join();
    System.out.println("SENT " + c.id());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

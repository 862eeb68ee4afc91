package io.tillwatch.app.cli;

import io.tillwatch.app.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar tillwatch.jar [run|demo|simulate|terminals|tokens|config|reconcile|store|monitoring] ...}; with no command, runs the daemon. */
@Command(name = "tillwatch", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Watches the integrity of card and QR payments at the point of sale.",
    subcommands = {RunCommand.class, DemoCommand.class, SimulateCommand.class, TerminalsCommand.class, TokensCommand.class,
        ConfigCommand.class, ReconcileCommand.class, StoreCommand.class, MonitoringCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    // Vert.x logs through SLF4J like the rest of TillWatch.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    CommandLine cli = new CommandLine(new Main()).setUnmatchedOptionsArePositionalParams(true);
    String[] effective = args.length == 0 || args[0].startsWith("-") && !isHelpOrVersion(args[0]) ? prepend("run", args) : args;
    int code = cli.execute(effective);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  private static boolean isHelpOrVersion(String a) {
    return a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version");
  }

  private static String[] prepend(String first, String[] rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"TillWatch " + Version.get()};
    }
  }
}

package io.tillwatch.app.cli;

import io.tillwatch.app.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tillwatch.jar [run|demo|simulate|terminals|tokens|config|reconcile|store|monitoring|help] ...};
 * with no command, or only options, runs the daemon. Anything not understood is a usage error
 * ({@link UsageErrors}), never the help and exit 0.
 */
@Command(name = "tillwatch", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "Watches the integrity of card and QR payments at the point of sale. With no command, or only "
        + "--key=value settings, runs the daemon ('run').",
    subcommands = {RunCommand.class, DemoCommand.class, SimulateCommand.class, TerminalsCommand.class, TokensCommand.class,
        ConfigCommand.class, ReconcileCommand.class, StoreCommand.class, MonitoringCommand.class, HelpCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:done; 'run' and 'demo': stopped by SIGTERM or SIGINT.",
        "1:the command failed while working (the reason is on standard error).",
        "2:not understood: an unknown command, option or setting, a bad value or a missing argument (one line on "
            + "standard error names it). 'reconcile' differs: 1 for these, 2 for a refused bill (see its --help)."})
public final class Main implements Runnable {

  public static void main(String[] args) {
    // Vert.x logs through SLF4J like the rest of TillWatch.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    int code = commandLine().execute(withDefaultCommand(args));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The command line as {@code main} runs it, writing to {@code out} and {@code err}: for tests. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(withDefaultCommand(args));
  }

  static CommandLine commandLine() {
    UsageErrors usageErrors = new UsageErrors();
    // Unknown options reach the commands as positional parameters: the daemon commands take any setting as
    // --key=value. UsageErrors refuses those that are not settings before any command runs.
    return new CommandLine(new Main()).setUnmatchedOptionsArePositionalParams(true)
        .setParameterExceptionHandler(usageErrors).setExecutionStrategy(usageErrors);
  }

  /** No command, or an option first that is not the help or version: the daemon ('run'), so bare 'tillwatch' runs it. */
  static String[] withDefaultCommand(String[] args) {
    return args.length == 0 || args[0].startsWith("-") && !isHelpOrVersion(args[0]) ? prepend("run", args) : args;
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

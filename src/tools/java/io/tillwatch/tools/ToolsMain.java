package io.tillwatch.tools;

import io.tillwatch.app.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tillwatch-tools.jar load|count|score ...}: the tools that drive and judge a
 * TillWatch from outside (the benchmarks in bench/ run them). They live in their own jar so the
 * daemon's jar carries only the product; the product's {@code demo} and {@code simulate} stay there.
 */
@Command(name = "tillwatch-tools", mixinStandardHelpOptions = true, versionProvider = ToolsMain.VersionProvider.class,
    description = "Tools around TillWatch: an MQTT load generator (load), a QoS 1 subscriber that only counts (count) "
        + "and scoring of findings against a simulation's ground truth (score).",
    subcommands = {LoadCommand.class, CountCommand.class, ScoreCommand.class})
public final class ToolsMain implements Runnable {

  public static void main(String[] args) {
    // Vert.x logs through SLF4J, as in the daemon.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    int code = new CommandLine(new ToolsMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"TillWatch tools " + Version.get()};
    }
  }
}

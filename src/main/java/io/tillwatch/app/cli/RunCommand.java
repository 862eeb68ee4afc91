package io.tillwatch.app.cli;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the daemon on the given settings until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run TillWatch. Settings: --key=value (see 'tillwatch config'), TILLWATCH_* variables, --config FILE.")
final class RunCommand implements Callable<Integer> {
  @Mixin
  SettingsArgs args;

  @Override
  public Integer call() {
    TillWatchDaemon daemon;
    try {
      daemon = DaemonRunner.startAndLog(args.load(), null);
    } catch (ConfigException e) {
      System.err.println("tillwatch: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("tillwatch: " + e.getMessage());
      System.exit(1);
      return 1;
    }
    return DaemonRunner.runUntilSignalled(daemon, null);
  }
}

package io.tillwatch.app.cli;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.app.config.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints every setting as a Markdown table (key, default, environment variable, meaning), the
 * README's; with --effective, the value each setting resolves to from the same sources as 'run'
 * and where it came from, which the daemon's start-up log shows only at DEBUG.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Print every setting with its default and meaning; "
    + "with --effective, the value each resolves to (from --config FILE, TILLWATCH_* variables, --key=value) and its source.")
final class ConfigCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--effective", description = "Print the effective value of every setting and where it came from.")
  boolean effective;

  @Mixin
  SettingsArgs args = new SettingsArgs();

  @Override
  public void run() {
    if (effective) {
      CliLogging.quiet();
      Config config;
      try {
        config = args.load();
      } catch (ConfigException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      config.describe().forEach((key, value) -> System.out.println(key + " = " + value));
      return;
    }
    System.out.println("| key | default | environment | meaning |");
    System.out.println("|---|---|---|---|");
    for (Setting<?> s : Keys.ALL) {
      System.out.println("| `" + s.key() + "` | `" + s.defaultValue() + "` | `" + s.environmentVariable() + "` | "
          + s.description() + " |");
    }
  }
}

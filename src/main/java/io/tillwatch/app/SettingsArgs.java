package io.tillwatch.app;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** The options every daemon command takes: {@code --config FILE} and any number of {@code --key=value}. */
final class SettingsArgs {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with settings (flat or nested keys).")
  Path configFile;

  @Unmatched
  List<String> settings = new ArrayList<>();

  Config load() {
    return ConfigLoader.load(configFile, System.getenv(), settings);
  }
}

package io.tillwatch.app.cli;

import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every daemon command takes: {@code --config FILE} and any number of {@code --key=value}. */
final class SettingsArgs {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with settings (flat or nested keys).")
  Path configFile;

  /**
   * The label of every command's settings parameter: UsageErrors checks what lands in a parameter so
   * labelled against the settings, as Main lets unknown options through as positional parameters.
   */
  static final String LABEL = "--key=value";

  @Parameters(paramLabel = LABEL, description = "Any setting, e.g. --mqtt.port=1884 (see 'tillwatch config').")
  List<String> settings = new ArrayList<>();

  Config load() {
    return ConfigLoader.load(configFile, System.getenv(), settings);
  }
}

package io.tillwatch.app.cli;

import io.tillwatch.app.config.Keys;
import io.tillwatch.app.config.Setting;
import picocli.CommandLine.Command;

/** Prints every setting as a Markdown table (key, default, environment variable, meaning). */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Print every setting with its default and meaning.")
final class ConfigCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("| key | default | environment | meaning |");
    System.out.println("|---|---|---|---|");
    for (Setting<?> s : Keys.ALL) {
      System.out.println("| `" + s.key() + "` | `" + s.defaultValue() + "` | `" + s.environmentVariable() + "` | "
          + s.description() + " |");
    }
  }
}

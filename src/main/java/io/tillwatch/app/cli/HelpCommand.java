package io.tillwatch.app.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tillwatch help [COMMAND [SUBCOMMAND]]}: the same help as {@code tillwatch COMMAND --help}.
 * picocli's own help command looks one level down only ({@code help tokens add} would show the help
 * of {@code tokens}); this one follows the whole path, and a name it does not know is a usage error
 * with the nearest valid one, not the top-level help.
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
    description = "Show the help of a command, e.g. 'tillwatch help tokens add'.")
final class HelpCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to show the help of.")
  List<String> path = new ArrayList<>();

  @Override
  public void run() {
    CommandLine target = spec.parent().commandLine();
    for (String name : path) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        throw new ParameterException(target, UsageErrors.describe(target, name));
      }
      target = next;
    }
    target.usage(spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
  }
}

package io.tillwatch.app.cli;

import io.tillwatch.app.config.Keys;
import io.tillwatch.app.config.NearestName;
import io.tillwatch.app.config.Setting;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Whatever the command line did not understand ends the command with the command's usage exit code
 * (2; reconcile keeps its documented 1) and one line on standard error: what was not understood,
 * the nearest valid name, and where the help is. A script that mistypes a command must not believe
 * it ran.
 *
 * <p>Design: picocli finds most mistakes itself, but three slip past it here. The daemon commands
 * take any setting as {@code --key=value}, so {@link Main} lets unknown options through as
 * positional parameters; before the command runs, the values of a {@link SettingsArgs#LABEL}
 * parameter are checked here against the settings, and an option-like value of any other one (an
 * ACTION) is refused. The commands would only check settings, if at all, once they load their
 * configuration ({@code config} without {@code --effective} never did). With
 * {@code --help} picocli shows help and merely keeps what it did not understand in
 * {@link ParseResult#unmatched()}, so {@code tillwatch termnals --help} printed the top-level help
 * and exited 0; that is checked here before any help is shown. And picocli checks required options
 * before it looks at what is left, so {@code reconcile --fiel=x} would blame the missing
 * {@code --file}; the handler names the typo first.
 */
final class UsageErrors implements IParameterExceptionHandler, IExecutionStrategy {
  private final IExecutionStrategy then = new CommandLine.RunLast();

  @Override
  public int execute(ParseResult parsed) {
    Optional<ParameterException> wrong = notUnderstood(parsed);
    if (wrong.isPresent()) {
      throw wrong.get(); // picocli hands it to handleParseException
    }
    return then.execute(parsed);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine at = ex.getCommandLine();
    ParameterException wrong = ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        ? new ParameterException(at, describe(at, u.getUnmatched().get(0)))
        : notUnderstood(at.getParseResult()).orElse(new ParameterException(at, sentence(ex.getMessage())));
    CommandSpec spec = wrong.getCommandLine().getCommandSpec();
    PrintWriter err = wrong.getCommandLine().getErr();
    err.println(spec.qualifiedName() + ": " + wrong.getMessage() + " (see '" + spec.qualifiedName() + " --help')");
    err.flush();
    return spec.exitCodeOnInvalidInput();
  }

  /** The first argument no command in {@code parsed} (partial after an error: may be null) understood. */
  static Optional<ParameterException> notUnderstood(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      CommandLine cl = p.commandSpec().commandLine();
      if (!p.unmatched().isEmpty()) {
        return Optional.of(new ParameterException(cl, describe(cl, p.unmatched().get(0))));
      }
      // Option-like values in other positional parameters (an ACTION, a COMMAND) are unknown options let through too.
      for (PositionalParamSpec positional : p.matchedPositionals()) {
        boolean settings = SettingsArgs.LABEL.equals(positional.paramLabel());
        for (String arg : positional.stringValues()) {
          if (settings ? !isSetting(arg) : arg.startsWith("-")) {
            return Optional.of(new ParameterException(cl, describe(cl, arg)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code --key=value} with a known key: the form ConfigLoader takes. */
  static boolean isSetting(String arg) {
    int eq = arg.indexOf('=');
    return arg.startsWith("--") && eq >= 3 && Keys.byKey(arg.substring(2, eq)) != null;
  }

  /** "unknown option '--cofnig'; did you mean '--config'?" and the like, for an argument {@code cl} did not take. */
  static String describe(CommandLine cl, String arg) {
    CommandSpec spec = cl.getCommandSpec();
    boolean takesSettings = spec.positionalParameters().stream().anyMatch(p -> SettingsArgs.LABEL.equals(p.paramLabel()));
    if (arg.startsWith("-")) {
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      if (takesSettings && eq < 0 && name.startsWith("--") && Keys.byKey(name.substring(2)) != null) {
        return "setting '" + name + "' takes its value after '=', as " + name + "=VALUE";
      }
      List<String> known = new ArrayList<>();
      spec.options().forEach(o -> known.addAll(Arrays.asList(o.names())));
      if (takesSettings) {
        Keys.ALL.stream().map(Setting::key).forEach(k -> known.add("--" + k));
      }
      return "unknown option '" + name + "'" + hint(name, known);
    }
    if (!cl.getSubcommands().isEmpty()) {
      return "unknown command '" + arg + "'" + hint(arg, cl.getSubcommands().keySet());
    }
    return "unexpected argument '" + arg + "'" + (takesSettings ? ": settings are given as --key=value" : "");
  }

  static String hint(String given, Collection<String> known) {
    return NearestName.to(given, known).map(k -> "; did you mean '" + k + "'?").orElse("");
  }

  /** picocli's messages ("Missing required option: ...", "Unknown subcommand 'x'.") as part of a line. */
  private static String sentence(String message) {
    String m = message == null ? "not understood" : message.strip();
    if (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
      m = m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }
    return m;
  }
}

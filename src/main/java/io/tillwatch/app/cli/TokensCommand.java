package io.tillwatch.app.cli;

import io.tillwatch.app.config.Keys;
import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.ApiTokens;
import io.tillwatch.http.auth.Principal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tillwatch tokens add|revoke|list}: manages the HTTP API tokens file. The file holds only
 * SHA-256 hashes; {@code add} prints the new token once, and it cannot be shown again. A running
 * daemon picks changes up within a few seconds.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
    description = "Manage HTTP API bearer tokens (the file stores only their SHA-256).",
    subcommands = {TokensCommand.Add.class, TokensCommand.Revoke.class, TokensCommand.ListTokens.class})
final class TokensCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static class FileOption {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Option(names = "--file", paramLabel = "PATH", description = "Tokens file (default: ${DEFAULT-VALUE}, the daemon's with "
        + "data.dir and http.tokens-file at their defaults; give the path when you moved either).")
    Path file = Path.of(Keys.DATA_DIR.defaultValue(), "tokens");
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a token and print it (once).")
  static final class Add extends FileOption implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "Who holds it; recorded in the task history.")
    String name;

    @Option(names = "--role", required = true, description = "read (GET tasks, terminals) or operator (also ack, resolve).")
    String role;

    @Override
    public Integer call() {
    CliLogging.quiet();
      if (!Principal.validName(name)) {
        err().println("tillwatch tokens: --name must be 1..64 of [A-Za-z0-9_.@-], starting with a letter or digit, "
            + "and not 'tillwatch'");
        return 2;
      }
      ApiRole r = ApiRole.fromWire(role);
      if (r == null) {
        err().println("tillwatch tokens: --role must be read or operator");
        return 2;
      }
      try {
        ApiTokens tokens = ApiTokens.read(file);
        if (tokens.find(name).isPresent()) {
          err().println("tillwatch tokens: " + name + " already has a token in " + file + "; revoke it first");
          return 2;
        }
        String token = ApiTokens.newToken();
        tokens.with(new ApiTokens.Entry(name, r, ApiTokens.sha256(token))).write(file);
        err().println("Token for " + name + " (" + r.wire() + ") added to " + file
            + ". It is shown only now; use it as: Authorization: Bearer <token>");
        out().println(token);
        out().flush();
        return 0;
      } catch (IOException e) {
        err().println("tillwatch tokens: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Remove a holder's token.")
  static final class Revoke extends FileOption implements Callable<Integer> {
    @Option(names = "--name", required = true)
    String name;

    @Override
    public Integer call() {
      try {
        ApiTokens tokens = ApiTokens.read(file);
        if (tokens.find(name).isEmpty()) {
          err().println("tillwatch tokens: no token for " + name + " in " + file);
          return 2;
        }
        tokens.without(name).write(file);
        err().println("Token of " + name + " revoked.");
        return 0;
      } catch (IOException e) {
        err().println("tillwatch tokens: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List holders and roles (never the tokens).")
  static final class ListTokens extends FileOption implements Callable<Integer> {
    @Override
    public Integer call() {
      try {
        for (ApiTokens.Entry e : ApiTokens.read(file).entries()) {
          out().println(e.name() + " " + e.role().wire());
        }
        return 0;
      } catch (IOException e) {
        err().println("tillwatch tokens: " + e.getMessage());
        return 1;
      }
    }
  }
}

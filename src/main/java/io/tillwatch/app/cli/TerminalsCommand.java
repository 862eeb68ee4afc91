package io.tillwatch.app.cli;

import io.tillwatch.app.DaemonSettings;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.auth.CertificateIdentity;
import io.tillwatch.auth.Credential;
import io.tillwatch.auth.SecretHasher;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.telemetry.Ids;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Provisions who may connect to the embedded endpoint. Works on the store in {@code data.dir},
 * also while the daemon runs (it reads credentials at each connection attempt; a verified secret
 * is cached for {@code mqtt.auth-cache}). A new or rotated secret is printed once and only its
 * slow hash is kept. A {@code --cert-only} terminal has no secret at all: it connects with a client
 * certificate naming it (mqtt.tls.client-auth), and its row supplies the merchant and revocation.
 */
@Command(name = "terminals", mixinStandardHelpOptions = true,
    description = "Provision terminal (and operator console) credentials: add, rotate, revoke, list.")
final class TerminalsCommand implements Callable<Integer> {
  private static final List<String> ACTIONS = List.of("add", "rotate", "revoke", "list");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", description = "add | rotate | revoke | list")
  String action;

  @Option(names = "--terminal", paramLabel = "ID", description = "Terminal id (= MQTT client id and username).")
  String terminal;

  @Option(names = "--merchant", paramLabel = "ID", description = "Merchant the terminal belongs to (add); '*' for a console of all merchants.")
  String merchant;

  @Option(names = "--console", description = "Add an operator console (may subscribe to ops/v1/tasks/{merchant}), not a terminal.")
  boolean console;

  @Option(names = "--cert-only", description = "Add a terminal that authenticates by client certificate only: no secret is made.")
  boolean certOnly;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file with settings (for data.dir).")
  Path configFile;

  @Parameters(index = "1..*", paramLabel = SettingsArgs.LABEL, description = "Settings, e.g. --data.dir=/var/lib/tillwatch.")
  java.util.List<String> settings = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    // Before the store is opened: a mistyped action is a usage error like any other, with the nearest one.
    if (!ACTIONS.contains(action)) {
      throw new ParameterException(spec.commandLine(), "unknown action '" + action + "' (add, rotate, revoke or list)"
          + UsageErrors.hint(action, ACTIONS));
    }
    CliLogging.quiet();
    Config config;
    try {
      config = io.tillwatch.app.config.ConfigLoader.load(configFile, System.getenv(), settings);
    } catch (ConfigException e) {
      System.err.println("tillwatch terminals: " + e.getMessage());
      return 2;
    }
    try (SqlStore store = SqlStore.open(DaemonSettings.cliStore(config), StoreObserver.NONE)) {
      SecretHasher hasher = new SecretHasher(config.get(Keys.MQTT_AUTH_ITERATIONS));
      long now = System.currentTimeMillis();
      switch (action) {
        case "add" -> {
          if (!validId(terminal) || merchant == null || !(validId(merchant) || (console && merchant.equals("*")))) {
            return usage("add needs --terminal ID and --merchant ID (ids: 1..64 of [A-Za-z0-9_.-])");
          }
          if (store.credentials().find(terminal).filter(c -> !c.revoked()).isPresent()) {
            return usage(terminal + " exists already: use rotate for a new secret");
          }
          String secret = certOnly ? null : SecretHasher.newSecret();
          store.credentials().put(new Credential(terminal, console ? Credential.Kind.CONSOLE : Credential.Kind.TERMINAL, merchant,
              certOnly ? Credential.NO_SECRET : hasher.hash(secret), now, 0));
          System.out.println("added " + (console ? "console " : "terminal ") + merchant + "/" + terminal);
          if (certOnly) {
            System.out.println("no secret: it connects with a client certificate whose CN (or SAN " + CertificateIdentity.URN_PREFIX
                + terminal + ") is " + terminal);
          } else {
            System.out.println("secret (shown once; configure it as the MQTT password of client " + terminal + "): " + secret);
          }
        }
        case "rotate" -> {
          Optional<Credential> c = store.credentials().find(requireTerminal());
          if (c.isEmpty()) {
            return usage("no credential for " + terminal);
          }
          String secret = SecretHasher.newSecret();
          Credential old = c.get();
          store.credentials().put(new Credential(old.username(), old.kind(), old.merchant(), hasher.hash(secret), now, 0));
          System.out.println("rotated " + old.merchant() + "/" + old.username() + "; the old secret stops working for new "
              + "connections within mqtt.auth-cache");
          System.out.println("secret (shown once): " + secret);
        }
        case "revoke" -> {
          if (!store.credentials().revoke(requireTerminal(), now)) {
            return usage("no valid credential for " + terminal);
          }
          System.out.println("revoked " + terminal + " (effective for new connections: with a certificate at once, "
              + "with the secret within mqtt.auth-cache)");
        }
        case "list" -> {
          System.out.println("kind      merchant  username  state    auth         created");
          for (Credential c : store.credentials().list()) {
            System.out.printf("%-9s %-9s %-9s %-8s %-12s %s%n", c.kind().name().toLowerCase(), c.merchant(), c.username(),
                c.revoked() ? "revoked" : "valid", c.hasSecret() ? "secret" : "certificate", java.time.Instant.ofEpochMilli(c.createdMs()));
          }
        }
        default -> throw new IllegalStateException(action); // checked above
      }
      return 0;
    }
  }

  private String requireTerminal() {
    if (!validId(terminal)) {
      throw new ParameterException(spec.commandLine(), "--terminal ID is required");
    }
    return terminal;
  }

  private static boolean validId(String id) {
    return id != null && Ids.isValid(id);
  }

  private static int usage(String message) {
    System.err.println("tillwatch terminals: " + message);
    return 2;
  }
}
